package io.icelab.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.FuzzBytes;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz targets of the TURN server (issue 13): ChannelData, and the server fed a script of datagrams from
 * several sources, half of them requests signed with valid long-term credentials (so the fuzzer gets
 * past 401 into allocations, permissions, channels and relaying). Nothing may throw, and no table may
 * pass its bound.
 */
class TurnFuzzTest {
    static final InetSocketAddress SERVER = TurnWorld.at("198.51.100.1", 3478);
    static final Method[] METHODS = {Method.ALLOCATE, Method.REFRESH, Method.CREATE_PERMISSION, Method.CHANNEL_BIND,
        Method.BINDING};

    @FuzzTest(maxDuration = "5m")
    void channelData(byte[] data) {
        for (ChannelData.Range range : ChannelData.Range.values()) {
            try {
                ChannelData cd = ChannelData.decode(Bytes.wrap(data), range);
                assertThat(cd.data().length()).isLessThanOrEqualTo(data.length);
            } catch (StunDecodeException e) {
                // typed
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void server(byte[] data) throws UnknownHostException {
        FuzzBytes in = new FuzzBytes(data);
        TurnServer.Config config = TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p"))
                .withQuotas(3, 8).withLimits(new TurnServer.Limits(16, 8));
        int[] ports = {50000};
        TurnServer server = new TurnServer(config, new RelayAllocator() {
            public InetSocketAddress allocate(int family, RelayAllocator.Parity parity) {
                return family == 1 && ports[0] < 50100 ? TurnWorld.at("198.51.100.1", ports[0]++) : null;
            }

            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                return wanted;
            }

            public void release(InetSocketAddress relayed) {
            }
        }, new SplittableRandom(1));
        SplittableRandom random = new SplittableRandom(2);
        byte[] key = StunKeys.longTermMd5("u", "r", "p");
        String[] nonces = new String[4];
        long now = 0;
        while (in.more()) {
            int source = in.pick(4);
            InetSocketAddress from = TurnWorld.at("192.0.2." + (10 + source), 5000);
            Transport transport = source == 3 ? Transport.TCP : Transport.UDP;
            now += in.u8() * 100_000_000L;
            byte[] payload;
            int kind = in.pick(4);
            if (kind == 0) {
                payload = in.take(in.u16() % 1500);
            } else if (kind == 1 && nonces[source] != null) {
                payload = signed(in, random, key, nonces[source]);
            } else if (kind == 2) {
                payload = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(random)).encode();
            } else {
                // to a relayed address, from a peer
                InetSocketAddress relayed = TurnWorld.at("198.51.100.1", 50000 + in.pick(8));
                server.handleDatagram(now, new Datagram(Transport.UDP, relayed, peer(in), Bytes.wrap(in.slice())));
                drain(server, now, nonces, source);
                continue;
            }
            server.handleDatagram(now, new Datagram(transport, SERVER, from, Bytes.wrap(payload)));
            if (in.pick(8) == 0) {
                server.handleTimeout(now);
            }
            drain(server, now, nonces, source);
            assertThat(server.allocations()).isLessThanOrEqualTo(8);
        }
    }

    private static void drain(TurnServer server, long now, String[] nonces, int source) {
        for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
            try {
                StunMessage m = StunDecoder.decode(d.payload());
                CoreAttribute.Nonce n = m.attribute(CoreAttribute.Nonce.class);
                if (n != null) {
                    nonces[source] = n.text();
                }
            } catch (StunDecodeException e) {
                // relayed data or ChannelData
            }
        }
        while (server.pollEvent() != null) {
            // drained
        }
    }

    private static InetSocketAddress peer(FuzzBytes in) throws UnknownHostException {
        byte[] a = in.take(in.pick(2) == 0 ? 4 : 16);
        if (a.length != 4 && a.length != 16) {
            a = new byte[] {(byte) 203, 0, 113, 5};
        }
        return new InetSocketAddress(InetAddress.getByAddress(a), in.u16());
    }

    /** A request with a method and attributes chosen by the input, signed with the user's key. */
    private static byte[] signed(FuzzBytes in, SplittableRandom random, byte[] key, String nonce)
            throws UnknownHostException {
        StunMessageBuilder b = StunMessageBuilder.request(METHODS[in.pick(METHODS.length)], TransactionId.random(random));
        int attrs = in.pick(5);
        for (int i = 0; i < attrs; i++) {
            switch (in.pick(8)) {
                case 0 -> b.add(new TurnAttribute.RequestedTransport(in.pick(3) == 0 ? 6 : 17));
                case 1 -> b.add(new TurnAttribute.Lifetime(in.u16()));
                case 2 -> b.add(new TurnAttribute.XorPeerAddress(peer(in)));
                case 3 -> b.add(new TurnAttribute.ChannelNumber(0x3ff0 + in.u8() * 0x40));
                case 4 -> b.add(new TurnAttribute.EvenPort(in.pick(2) == 0));
                case 5 -> b.add(new TurnAttribute.ReservationToken(in.u16()));
                case 6 -> b.add(new TurnAttribute.RequestedAddressFamily(1 + in.pick(3)));
                default -> b.add(new TurnAttribute.Data(Bytes.wrap(in.slice())));
            }
        }
        return b.add(CoreAttribute.Username.of("u")).add(CoreAttribute.Realm.of("r")).add(CoreAttribute.Nonce.of(nonce))
                .integrity(key).fingerprint().encode();
    }
}
