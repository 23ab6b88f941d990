package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** A TURN client, our server and a peer, wired in memory with explicit time. */
final class TurnWorld {
    static final long S = 1_000_000_000L;
    static final InetSocketAddress CLIENT = at("192.0.2.10", 5000);
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress PEER = at("203.0.113.5", 7000);

    final TurnServer server;
    final TurnClient client;
    final List<InetSocketAddress> released = new ArrayList<>();
    final List<Datagram> atPeer = new ArrayList<>();
    /** How the client reaches the server: UDP, or TCP (each datagram one framed message, RFC 8656 §3.1). */
    Transport clientTransport = Transport.UDP;
    /** Everything the server sent the client, as sent. */
    final List<Datagram> toClient = new ArrayList<>();
    /** Server → client datagrams matching this are lost (fault injection). */
    Predicate<Datagram> dropToClient = d -> false;
    long now;
    private int nextPort = 49152;

    static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Relayed IPv4 addresses on 198.51.100.1 from port 60000 up, never released. */
    static RelayAllocator endlessPorts() {
        return new RelayAllocator() {
            private int next = 60000;

            @Override
            public InetSocketAddress allocate(int family, Parity parity) {
                if (family != 1) {
                    return null;
                }
                if (!parity.admits(next)) {
                    next++;
                }
                return at("198.51.100.1", next++);
            }

            @Override
            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                return wanted;
            }

            @Override
            public void release(InetSocketAddress relayed) {
            }
        };
    }

    TurnWorld(TurnServer.Config config, String user, String password) {
        RelayAllocator allocator = new RelayAllocator() {
            @Override
            public InetSocketAddress allocate(int family, Parity parity) {
                if (family != 1) {
                    return null;
                }
                if (!parity.admits(nextPort)) {
                    nextPort++;
                }
                return at("198.51.100.1", nextPort++);
            }

            @Override
            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                nextPort = Math.max(nextPort, wanted.getPort() + 1);
                return wanted;
            }

            @Override
            public void release(InetSocketAddress relayed) {
                released.add(relayed);
            }
        };
        server = new TurnServer(config, allocator, new SplittableRandom(1));
        client = new TurnClient(new SplittableRandom(2), TurnClient.Config.of(CLIENT, SERVER, user, password));
    }

    TurnWorld() {
        this(TurnServer.Config.of(List.of(SERVER), "example.org", new StaticUsers(Map.of("alice", "s3cret", "bob", "pw"))),
                "alice", "s3cret");
    }

    /** Moves datagrams until quiet. */
    void pump() {
        for (int i = 0; i < 100; i++) {
            boolean moved = false;
            for (Datagram d; (d = client.pollTransmit(now)) != null; ) {
                moved = true;
                server.handleDatagram(now, new Datagram(clientTransport, d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
                moved = true;
                if (d.remote().equals(CLIENT)) {
                    toClient.add(d);
                    if (!dropToClient.test(d)) {
                        client.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
                    }
                } else {
                    atPeer.add(d);
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("no quiescence");
    }

    /** Advances time, running both sides' timers, until {@code until}. */
    void runUntil(long until) {
        while (true) {
            long next = Math.min(client.pollTimeout(), server.pollTimeout());
            if (next > until) {
                now = until;
                return;
            }
            now = Math.max(now, next);
            client.handleTimeout(now);
            server.handleTimeout(now);
            pump();
        }
    }

    /** The peer sends to a relayed address. */
    void peerSends(InetSocketAddress from, InetSocketAddress relayed, byte[] data) {
        server.handleDatagram(now, new Datagram(Transport.UDP, relayed, from, Bytes.wrap(data)));
        pump();
    }

    List<TurnClientEvent> clientEvents() {
        List<TurnClientEvent> out = new ArrayList<>();
        for (TurnClientEvent e; (e = client.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    List<TurnServerEvent> serverEvents() {
        List<TurnServerEvent> out = new ArrayList<>();
        for (TurnServerEvent e; (e = server.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    TurnClientEvent.AllocationCreated allocate() {
        client.allocate(now);
        pump();
        for (TurnClientEvent e : clientEvents()) {
            if (e instanceof TurnClientEvent.AllocationCreated c) {
                return c;
            }
        }
        throw new AssertionError("no allocation");
    }
}
