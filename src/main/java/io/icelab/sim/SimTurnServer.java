package io.icelab.sim;

import io.icelab.stun.LongTermUsers;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.RelayAllocator;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/** icelab's TURN server on a simulated host; relayed ports are bound on the host as allocations are made. */
public final class SimTurnServer {
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
        this.server = new TurnServer(tweak.apply(config), allocator, sim.random(host.name() + ":turn"));
        this.app = host.run("turn", server, List.of(listen));
        self[0] = app;
    }

    public TurnServer server() {
        return server;
    }

    public SimApp<TurnServerEvent> app() {
        return app;
    }
}
