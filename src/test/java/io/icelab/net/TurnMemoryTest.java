package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.TurnAttribute;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 10,000 allocations created, used (a permission and a Send indication) and deleted through the
 * real-socket runtime on 127.0.0.1 (issue 13): afterwards the runtime holds no relayed socket and the heap
 * is back within 10 % of where it was after a warm-up.
 */
class TurnMemoryTest {
    static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void tenThousandAllocations_leaveNothingBehind() throws Exception {
        try (ServerThread<TurnServerEvent> server = new ServerThread<>(List.of(LISTEN), rt -> {
            InetSocketAddress bound = rt.localAddresses().get(0);
            return new TurnServer(TurnServer.Config.of(List.of(bound), "r", StaticUsers.of("u", "p"))
                    .withPeers(io.icelab.turn.PeerPolicy.loopbackAllowed(List.of(bound.getAddress()))),
                    new RuntimeRelayAllocator(rt, bound.getAddress(), 40000, 40999), new SecureRandom());
        }, true); DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(2000);
            InetSocketAddress to = server.addresses().get(0);
            Client c = new Client(client, to);
            for (int i = 0; i < 200; i++) {
                c.allocateUseDelete();
            }
            server.events.clear();
            long before = settledHeap();
            for (int i = 0; i < 10_000; i++) {
                c.allocateUseDelete();
                if (i % 1000 == 0) {
                    server.events.clear(); // the test's own event queue, not the server's
                }
            }
            server.events.clear();
            long after = settledHeap();
            assertThat(server.runtime.udpSockets()).as("only the listening socket is left").isEqualTo(1);
            assertThat(after).as("heap after 10,000 allocations (before: %d bytes)", before)
                    .isLessThanOrEqualTo(before + before / 10);
        }
    }

    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Signed requests over one UDP socket, the nonce learnt from the first 401. */
    static final class Client {
        final DatagramSocket socket;
        final InetSocketAddress server;
        final SplittableRandom random = new SplittableRandom(5);
        final byte[] key = StunKeys.longTermMd5("u", "r", "p");
        String nonce;

        Client(DatagramSocket socket, InetSocketAddress server) {
            this.socket = socket;
            this.server = server;
        }

        void allocateUseDelete() throws Exception {
            StunMessage a = request(Method.ALLOCATE, new TurnAttribute.RequestedTransport(TurnAttribute.RequestedTransport.UDP));
            assertThat(a.attribute(CoreAttribute.ErrorCode.class)).as("Allocate").isNull();
            InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9);
            assertThat(request(Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(peer))
                    .attribute(CoreAttribute.ErrorCode.class)).as("CreatePermission").isNull();
            byte[] send = StunMessageBuilder.indication(Method.SEND, TransactionId.random(random))
                    .add(new TurnAttribute.XorPeerAddress(peer)).add(new TurnAttribute.Data(Bytes.wrap(new byte[32])))
                    .encode();
            socket.send(new DatagramPacket(send, send.length, server));
            StunMessage r = request(Method.REFRESH, new TurnAttribute.Lifetime(0));
            assertThat(r.attribute(CoreAttribute.ErrorCode.class)).as("Refresh 0").isNull();
        }

        StunMessage request(Method method, io.icelab.stun.StunAttribute attr) throws Exception {
            for (int attempt = 0; attempt < 3; attempt++) {
                StunMessageBuilder b = StunMessageBuilder.request(method, TransactionId.random(random)).add(attr);
                if (nonce != null) {
                    b.add(CoreAttribute.Username.of("u")).add(CoreAttribute.Realm.of("r"))
                            .add(CoreAttribute.Nonce.of(nonce)).integrity(key);
                }
                byte[] out = b.fingerprint().encode();
                socket.send(new DatagramPacket(out, out.length, server));
                StunMessage m;
                byte[] buf = new byte[1500];
                do {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    m = StunDecoder.decode(Bytes.wrap(buf, 0, p.getLength()));
                } while (!m.isResponse());
                CoreAttribute.ErrorCode e = m.attribute(CoreAttribute.ErrorCode.class);
                if (e != null && (e.code() == 401 || e.code() == 438) && m.has(CoreAttribute.Nonce.class)) {
                    nonce = m.attribute(CoreAttribute.Nonce.class).text();
                    continue;
                }
                return m;
            }
            throw new AssertionError(method + " kept being challenged");
        }
    }
}
