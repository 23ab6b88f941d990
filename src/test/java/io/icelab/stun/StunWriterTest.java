package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The in-place writer produces the RFC 5769 vectors and exactly the builder's bytes, and allocates nothing of its own. */
class StunWriterTest {
    static final byte[] KEY = StunKeys.shortTerm(Rfc5769VectorsTest.PASSWORD);

    @Test
    void rfc5769Request_byteForByte() {
        byte[] out = new StunWriter().start(MessageClass.REQUEST, Method.BINDING,
                        TransactionId.fromHex("b7e7a701bc34d686fa87dfae"))
                .paddingByte(0x20)
                .bytes(AttributeType.SOFTWARE, "STUN test client".getBytes())
                .int32(AttributeType.PRIORITY, 0x6e0001ff)
                .int64(AttributeType.ICE_CONTROLLED, 0x932ff9b151263b36L)
                .bytes(AttributeType.USERNAME, "evtj:h6vY".getBytes())
                .integrity(new Integrity(), KEY).fingerprint().toArray();
        assertThat(Bytes.wrap(out).hex()).isEqualTo(Bytes.fromHex(Rfc5769VectorsTest.REQUEST).hex());
    }

    @Test
    void rfc5769Responses_byteForByte_fromTheRequestsView() throws Exception {
        StunView request = new StunView().wrap(Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST));
        StunWriter w = new StunWriter();
        for (String[] c : new String[][] {
                {Rfc5769VectorsTest.IPV4_RESPONSE, "192.0.2.1", "32853"},
                {Rfc5769VectorsTest.IPV6_RESPONSE, "2001:db8:1234:5678:11:2233:4455:6677", "32853"}}) {
            byte[] out = w.startResponse(request, MessageClass.SUCCESS_RESPONSE).paddingByte(0x20)
                    .bytes(AttributeType.SOFTWARE, "test vector".getBytes())
                    .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, new InetSocketAddress(c[1], Integer.parseInt(c[2])))
                    .integrity(new Integrity(), KEY).fingerprint().toArray();
            assertThat(Bytes.wrap(out).hex()).isEqualTo(Bytes.fromHex(c[0]).hex());
        }
    }

    /** 2,000 seeded messages of the writer's attribute kinds: the writer's bytes are the builder's. */
    @Test
    void writesWhatTheBuilderEncodes() {
        SplittableRandom r = new SplittableRandom(8489);
        StunWriter w = new StunWriter();
        Integrity integrity = new Integrity();
        for (int i = 0; i < 2_000; i++) {
            MessageClass cls = MessageClass.values()[r.nextInt(4)];
            Method method = new Method(r.nextInt(0x1000));
            TransactionId tid = TransactionId.random(r);
            StunMessageBuilder b = StunMessageBuilder.of(cls, method, tid);
            w.start(cls, method, tid);
            for (int n = r.nextInt(8); n > 0; n--) {
                switch (r.nextInt(5)) {
                    case 0 -> {
                        long p = r.nextLong(0x1_0000_0000L);
                        b.add(new IceAttribute.Priority(p));
                        w.int32(AttributeType.PRIORITY, (int) p);
                    }
                    case 1 -> {
                        long t = r.nextLong();
                        b.add(new IceAttribute.IceControlling(t));
                        w.int64(AttributeType.ICE_CONTROLLING, t);
                    }
                    case 2 -> {
                        b.add(new IceAttribute.UseCandidate());
                        w.flag(AttributeType.USE_CANDIDATE);
                    }
                    case 3 -> {
                        Bytes data = RandomMessages.bytes(r, 0, 300);
                        b.add(new TurnAttribute.Data(data));
                        w.bytes(AttributeType.DATA, data.toArray());
                    }
                    default -> {
                        InetSocketAddress a = RandomMessages.address(r);
                        b.add(new TurnAttribute.XorPeerAddress(a));
                        w.xorAddress(AttributeType.XOR_PEER_ADDRESS, a);
                    }
                }
            }
            if (r.nextBoolean()) {
                b.integrity(KEY);
                w.integrity(integrity, KEY);
            }
            if (r.nextBoolean()) {
                b.fingerprint();
                w.fingerprint();
            }
            assertThat(Bytes.wrap(w.toArray()).hex()).as("message %d", i).isEqualTo(Bytes.wrap(b.encode(integrity)).hex());
        }
    }

    @Test
    void onlyFingerprintFollowsIntegrity_andNothingFollowsFingerprint() {
        StunWriter w = new StunWriter().start(MessageClass.REQUEST, Method.BINDING, TransactionId.fromHex("b7e7a701bc34d686fa87dfae"));
        w.integrity(new Integrity(), KEY);
        assertThatThrownBy(() -> w.int32(AttributeType.PRIORITY, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("14.5");
        w.fingerprint();
        assertThatThrownBy(w::fingerprint).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new StunWriter().flag(AttributeType.USE_CANDIDATE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMessagePastTheSixteenBitLength_isRefused() {
        StunWriter w = new StunWriter().start(MessageClass.INDICATION, Method.DATA, TransactionId.fromHex("b7e7a701bc34d686fa87dfae"));
        w.bytes(AttributeType.DATA, new byte[60_000]);
        assertThatThrownBy(() -> w.bytes(AttributeType.DATA, new byte[6_000])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16-bit length");
    }

    /** Answering a check in place costs the JDK's HMAC array and the address's bytes, nothing of the writer's. */
    @Test
    void answeringACheck_allocatesOnlyTheMacAndAddressArrays() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StunView request = new StunView().wrap(Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST));
        InetSocketAddress from = new InetSocketAddress("192.0.2.1", 32853);
        StunWriter w = new StunWriter();
        Integrity integrity = new Integrity();
        long sum = 0;
        for (int i = 0; i < 2_000; i++) {
            sum += answer(w, request, from, integrity);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++) {
            sum += answer(w, request, from, integrity);
        }
        long perMessage = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 10_000;
        assertThat(sum).isEqualTo(12_000L * 64);
        assertThat(perMessage).as("bytes allocated per answer").isLessThanOrEqualTo(96);
    }

    private static int answer(StunWriter w, StunView request, InetSocketAddress from, Integrity integrity) {
        return w.startResponse(request, MessageClass.SUCCESS_RESPONSE)
                .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, from).integrity(integrity, KEY).fingerprint().length();
    }
}
