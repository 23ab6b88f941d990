package io.icelab.bench;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.Transport;
import io.icelab.turn.ChannelData;
import io.icelab.turn.RelayAllocator;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The TURN server's ChannelData relay path: a 160-byte ChannelData message from the client is checked
 * (allocation, channel, permission) and queued to the peer from the relayed address, and one from the
 * peer is wrapped into ChannelData for the client. Score: messages per microsecond, both directions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TurnRelayBench {
    static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static final InetSocketAddress CLIENT = at("192.0.2.10", 5000);
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress PEER = at("203.0.113.5", 7000);
    /** A peer with a permission and no channel: its datagrams reach the client as Data indications. */
    static final InetSocketAddress PEER_WITHOUT_CHANNEL = at("203.0.113.6", 7000);

    TurnServer server;
    InetSocketAddress relayed;
    Datagram fromClient;
    Datagram fromPeer;
    Datagram fromPeerWithoutChannel;

    @Setup(Level.Trial)
    public void allocateAndBind() {
        server = new TurnServer(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p")), new RelayAllocator() {
            int next = 49152;

            public InetSocketAddress allocate(int family, RelayAllocator.Parity parity) {
                return at("198.51.100.1", next++);
            }

            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                return wanted;
            }

            public void release(InetSocketAddress r) {
            }
        }, new SplittableRandom(1));
        TurnClient client = new TurnClient(new SplittableRandom(2), TurnClient.Config.of(CLIENT, SERVER, "u", "p"));
        client.allocate(0);
        pump(client);
        client.bindChannel(0, PEER);
        pump(client);
        client.createPermission(0, List.of(PEER_WITHOUT_CHANNEL));
        pump(client);
        relayed = client.relayedAddress();
        if (client.channel(PEER) != 0x4000 || !client.hasPermission(PEER_WITHOUT_CHANNEL.getAddress())) {
            throw new IllegalStateException("setup failed: no channel or no permission");
        }
        fromClient = new Datagram(Transport.UDP, SERVER, CLIENT,
                Bytes.wrap(new ChannelData(0x4000, Bytes.wrap(new byte[160])).encode(io.icelab.stun.Transport.UDP)));
        fromPeer = new Datagram(Transport.UDP, relayed, PEER, Bytes.wrap(new byte[160]));
        fromPeerWithoutChannel = new Datagram(Transport.UDP, relayed, PEER_WITHOUT_CHANNEL, Bytes.wrap(new byte[160]));
    }

    private void pump(TurnClient client) {
        for (int i = 0; i < 10; i++) {
            for (Datagram d; (d = client.pollTransmit(0)) != null; ) {
                server.handleDatagram(0, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = server.pollTransmit(0)) != null; ) {
                client.handleDatagram(0, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
        }
    }

    @Benchmark
    public Datagram clientToPeer() {
        server.handleDatagram(1, fromClient);
        return server.pollTransmit(1);
    }

    @Benchmark
    public Datagram peerToClient() {
        server.handleDatagram(1, fromPeer);
        return server.pollTransmit(1);
    }

    /** RFC 8656 §11.6: a Data indication written in place (XOR-PEER-ADDRESS, DATA). */
    @Benchmark
    public Datagram peerToClientDataIndication() {
        server.handleDatagram(1, fromPeerWithoutChannel);
        return server.pollTransmit(1);
    }
}
