package io.icelab.net.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * Fuzz targets of the mDNS code: anything off the wire decodes or fails with the typed MdnsDecodeException (and
 * what decodes re-encodes to the same message); the querier and the responder take anything without throwing and
 * keep their bounds. Seeds in src/test/resources/io/icelab/net/mdns/MdnsFuzzTestInputs/METHOD/.
 */
class MdnsFuzzTest {
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 5353);

    @FuzzTest(maxDuration = "5m")
    void decodeAndReencode(byte[] data) {
        MdnsMessage m;
        try {
            m = MdnsMessage.decode(data);
        } catch (MdnsDecodeException e) {
            assertThat(e.offset()).isBetween(0, Math.max(0, data.length));
            return;
        }
        byte[] again;
        try {
            again = m.encode();
        } catch (IllegalArgumentException e) {
            return; // a name we would not write (an empty or long label read through a pointer)
        }
        try {
            assertThat(MdnsMessage.decode(again)).isEqualTo(m);
        } catch (MdnsDecodeException e) {
            throw new AssertionError("our own encoding does not decode: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void querierAndResponder(byte[] data) {
        MdnsQuerier q = new MdnsQuerier(new InetSocketAddress("192.0.2.1", 40000), MdnsQuerier.GROUP_V4,
                new SplittableRandom(1));
        MdnsResponder r = new MdnsResponder(MdnsQuerier.GROUP_V4);
        r.name(new SplittableRandom(2), PEER.getAddress());
        q.resolve(0, "x.local");
        Datagram d = new Datagram(Transport.UDP, MdnsQuerier.GROUP_V4, PEER, Bytes.wrap(data));
        q.handleDatagram(1, d);
        r.handleDatagram(1, d);
        int out = 0;
        while (r.pollTransmit(1) != null) {
            out++;
        }
        assertThat(out).isLessThanOrEqualTo(1);
    }
}
