package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzz targets of the STUN layer (issue 13). In `mvn verify` each replays its seeds and
 * every crash ever found (src/test/resources/io/icelab/stun/StunFuzzTestInputs/METHOD/); `mvn -Pfuzz
 * -Dfuzz.target=...` fuzzes one. A target fails on anything but the typed StunDecodeException.
 */
class StunFuzzTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 5000);
    static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 3478);
    static final InetSocketAddress ALTERNATE = new InetSocketAddress("198.51.100.2", 3479);

    /** Decode; what decodes re-encodes (integrity and fingerprint left out) and decodes to the same attributes. */
    @FuzzTest(maxDuration = "5m")
    void decodeAndReencode(byte[] data) {
        StunMessage m;
        try {
            m = StunDecoder.decode(Bytes.wrap(data));
        } catch (StunDecodeException e) {
            return;
        }
        if (m.isClassic()) {
            return;
        }
        byte[] again = StunMessageBuilder.of(m.messageClass(), m.method(), m.transactionId())
                .addAllExceptIntegrity(m.attributes()).encode();
        StunMessage back;
        try {
            back = StunDecoder.decode(Bytes.wrap(again));
        } catch (StunDecodeException e) {
            throw new AssertionError("our own encoding does not decode: " + e.getMessage(), e);
        }
        assertThat(back.method()).isEqualTo(m.method());
        assertThat(back.transactionId()).isEqualTo(m.transactionId());
    }

    /**
     * The in-place reader frames as the decoder does: it refuses what the decoder refuses for framing, and
     * where both accept they find the same attributes and the same fingerprint verdict.
     */
    @FuzzTest(maxDuration = "5m")
    void viewAgreesWithDecoder(byte[] data) {
        StunMessage m = null;
        StunDecodeException decoderError = null;
        try {
            m = StunDecoder.decode(Bytes.wrap(data));
        } catch (StunDecodeException e) {
            decoderError = e;
        }
        StunView v = new StunView();
        try {
            v.wrap(data);
        } catch (StunDecodeException e) {
            assertThat(decoderError).as("the decoder accepted what the view refused: %s", e.getMessage()).isNotNull();
            assertThat(decoderError.offset()).isLessThanOrEqualTo(e.offset());
            return;
        }
        if (m != null) {
            assertThat(v.attributeCount()).isEqualTo(m.attributes().size());
            for (int i = 0; i < v.attributeCount(); i++) {
                assertThat(v.attributeType(i)).isEqualTo(m.attributes().get(i).type());
            }
            assertThat(v.fingerprint()).isEqualTo(m.fingerprintStatus());
        }
    }

    /** Chunks of a stream through both framings: frames or a typed error, never anything else. */
    @FuzzTest(maxDuration = "5m")
    void streamFramer(byte[] data) {
        FuzzBytes in = new FuzzBytes(data);
        StreamFramer framer = new StreamFramer(in.pick(2) == 0 ? StreamFramer.Framing.STUN : StreamFramer.Framing.RFC4571);
        try {
            while (in.more()) {
                byte[] chunk = in.take(1 + in.u16() % 2048);
                framer.feed(chunk);
                for (Bytes f; (f = framer.poll()) != null; ) {
                    assertThat(f.length()).isLessThanOrEqualTo(StreamFramer.MAX_FRAME);
                }
            }
        } catch (StunDecodeException e) {
            // a stream that cannot be framed: the driver closes it
        }
    }

    /** Nonces and challenges as a client and a server meet them: the cookie, our nonce check, the 401 state. */
    @FuzzTest(maxDuration = "5m")
    void nonceAndChallenge(byte[] data) {
        String nonce = new String(data, StandardCharsets.ISO_8859_1);
        NonceCookie.features(nonce);
        NonceCookie.has(nonce, NonceCookie.PASSWORD_ALGORITHMS);
        NonceManager nonces = new NonceManager(new SplittableRandom(1), 600_000_000_000L, NonceCookie.PASSWORD_ALGORITHMS);
        nonces.check(nonce, 1, "udp 192.0.2.10:5000");
        try {
            StunMessage m = StunDecoder.decode(Bytes.wrap(data));
            LongTermAuthState.fromChallenge(m);
        } catch (StunDecodeException e) {
            // not a message
        }
    }

    /** The RFC 5780 STUN server fed a sequence of datagrams from three sources on its four addresses. */
    @FuzzTest(maxDuration = "5m")
    void stunServer(byte[] data) {
        FuzzBytes in = new FuzzBytes(data);
        StunServer server = new StunServer(StunServer.Config.rfc5780(SERVER, ALTERNATE));
        InetSocketAddress[] locals = server.localAddresses().toArray(new InetSocketAddress[0]);
        long now = 0;
        while (in.more()) {
            InetSocketAddress from = new InetSocketAddress("192.0.2." + (10 + in.pick(3)), 5000 + in.pick(2));
            now += in.u8() * 1_000_000L;
            server.handleDatagram(now, new Datagram(Transport.UDP, locals[in.pick(locals.length)], from,
                    Bytes.wrap(in.take(in.u16() % 1500))));
            for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
                assertThat(d.payload().length()).isLessThanOrEqualTo(1500);
            }
            while (server.pollEvent() != null) {
                // drained
            }
        }
    }
}
