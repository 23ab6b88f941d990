package io.icelab.sim;

import io.icelab.stun.LongTermUsers;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.RelayAllocator;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * icelab's TURN server on a simulated host; relayed ports are bound on the host as allocations are made. With
 * {@link Tcp#ON} it also takes clients over TCP on its address (RFC 8656 §3.1) and grants TCP allocations (RFC 6062).
 */
public final class SimTurnServer {
    /** Whether the server also listens for TCP clients and grants TCP allocations. */
    public enum Tcp {
        /** UDP only. */
        OFF,
        /** UDP, TCP on the same address, and TCP allocations (RFC 6062). */
        ON
    }

    private final TurnServer server;
    private final SimApp<TurnServerEvent> app;

    public SimTurnServer(Simulation sim, Host host, InetSocketAddress listen, String realm, LongTermUsers users) {
        this(sim, host, listen, realm, users, 10);
    }

    public SimTurnServer(Simulation sim, Host host, InetSocketAddress listen, String realm, LongTermUsers users,
            int perUserQuota) {
        this(sim, host, listen, realm, users, perUserQuota, c -> c);
    }

    /** {@code tweak} adjusts the server's configuration (alternate server, legacy channels, ...). */
    public SimTurnServer(Simulation sim, Host host, InetSocketAddress listen, String realm, LongTermUsers users,
            int perUserQuota, java.util.function.UnaryOperator<TurnServer.Config> tweak) {
        this(sim, host, listen, realm, users, perUserQuota, tweak, Tcp.OFF);
    }

    /** {@code tcp} ON: TCP clients on {@code listen} too, and TCP allocations. */
    public SimTurnServer(Simulation sim, Host host, InetSocketAddress listen, String realm, LongTermUsers users,
            int perUserQuota, java.util.function.UnaryOperator<TurnServer.Config> tweak, Tcp tcp) {
        SimApp<TurnServerEvent>[] self = new SimApp[1];
        RelayAllocator allocator = new RelayAllocator() {
            private int next = 49152;

            @Override
            public InetSocketAddress allocate(int family, RelayAllocator.Parity parity) {
                if ((family == 2) != (listen.getAddress() instanceof Inet6Address)) {
                    return null;
                }
                for (int i = 0; i < 16384; i++) {
                    int port = 49152 + Math.floorMod(next - 49152 + i, 16384);
                    InetSocketAddress a = new InetSocketAddress(listen.getAddress(), port);
                    if (parity.admits(port) && !host.isBound(a)) {
                        next = port + 1;
                        host.bind(self[0], a);
                        return a;
                    }
                }
                return null;
            }

            @Override
            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                if (host.isBound(wanted)) {
                    return null;
                }
                host.bind(self[0], wanted);
                return wanted;
            }

            @Override
            public void release(InetSocketAddress relayed) {
                host.unbind(relayed);
            }
        };
        TurnServer.Config config = TurnServer.Config.of(List.of(listen), realm, users)
                .withPeers(PeerPolicy.strict(List.of(listen.getAddress()))).withQuotas(perUserQuota, 1000);
        SimTcpRelays relays = tcp == Tcp.ON ? new SimTcpRelays(host, listen.getAddress()) : null;
        this.server = new TurnServer(tweak.apply(config), allocator,
                relays == null ? io.icelab.turn.TcpRelays.NONE : relays, sim.random(host.name() + ":turn"));
        this.app = host.run("turn", server, List.of(listen));
        self[0] = app;
        if (relays != null) {
            relays.of(app);
            host.listenTcp(app, listen, io.icelab.stun.StreamFramer.Framing.STUN);
        }
    }

    public TurnServer server() {
        return server;
    }

    public SimApp<TurnServerEvent> app() {
        return app;
    }
}
