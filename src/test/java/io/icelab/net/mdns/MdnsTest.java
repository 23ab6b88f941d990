package io.icelab.net.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.IpLiteral;
import io.icelab.stun.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RFC 6762 for ICE host names, sans-IO: the message codec against hostile input, the one-shot querier's schedule
 * and matching (virtual time), and the responder's three kinds of answer.
 */
class MdnsTest {
    static final long MS = 1_000_000L;
    static final InetAddress HOST = IpLiteral.parse("192.168.1.20");
    static final InetSocketAddress QUERIER = new InetSocketAddress(IpLiteral.parse("192.168.1.10"), 40000);
    static final InetSocketAddress GROUP = MdnsQuerier.GROUP_V4;
    static final String NAME = "1f528a7b-3d6e-4d5f-9c2a-0b1c2d3e4f50.local";

    private static Datagram from(InetSocketAddress remote, byte[] b) {
        return new Datagram(Transport.UDP, GROUP, remote, Bytes.wrap(b));
    }

    @Test
    void codec_roundTrips_andFollowsACompressionPointerBack() throws Exception {
        MdnsMessage q = new MdnsMessage(0x1234, false, List.of(new MdnsMessage.Question(NAME, MdnsMessage.TYPE_A, true)),
                List.of());
        assertThat(MdnsMessage.decode(q.encode())).isEqualTo(q);
        // a response whose answer names its question by a pointer to offset 12
        byte[] question = new MdnsMessage(7, true, List.of(new MdnsMessage.Question("h.local", 1, false)), List.of())
                .encode();
        byte[] answer = HexFormat.of().parseHex("c00c" + "0001" + "8001" + "00000078" + "0004" + "c0a80114");
        byte[] m = new byte[question.length + answer.length];
        System.arraycopy(question, 0, m, 0, question.length);
        System.arraycopy(answer, 0, m, question.length, answer.length);
        m[7] = 1; // ANCOUNT 1
        MdnsMessage r = MdnsMessage.decode(m);
        assertThat(r.answers()).singleElement().isEqualTo(new MdnsMessage.Answer("h.local", HOST, 120, true));
    }

    @Test
    void codec_refusesHostileInput_sayingWhere() {
        byte[] header = HexFormat.of().parseHex("000000000001000000000000"); // QDCOUNT 1, no question
        assertThatThrownBy(() -> MdnsMessage.decode(header)).isInstanceOf(MdnsDecodeException.class)
                .hasMessageContaining("offset 12");
        assertThatThrownBy(() -> MdnsMessage.decode(new byte[5])).hasMessageContaining("runs past the end");
        // a pointer to itself, and one forward: no loops
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex("000000000001000000000000c00c00010001")))
                .hasMessageContaining("does not point back");
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex("000000000001000000000000c01000010001")))
                .hasMessageContaining("does not point back");
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex("000000000001000000000000400000010001")))
                .hasMessageContaining("label type");
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex("0000000000010000000000000568")))
                .hasMessageContaining("label of 5 bytes");
        // an A record of 3 bytes
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex(
                "000084000000000100000000" + "016800" + "0001" + "0001" + "00000078" + "0003" + "c0a801")))
                .hasMessageContaining("A record of 3 bytes");
        // a count that promises more than is there
        assertThatThrownBy(() -> MdnsMessage.decode(HexFormat.of().parseHex("00008400000000ff00000000")))
                .isInstanceOf(MdnsDecodeException.class);
        assertThatThrownBy(() -> MdnsMessage.decode(new byte[MdnsMessage.MAX_LENGTH + 1])).hasMessageContaining("exceeds");
    }

    @Test
    void querier_sendsAt0And250And500ms_fromItsOwnPort_andGivesUpAfter1s() {
        MdnsQuerier q = new MdnsQuerier(QUERIER, GROUP, new SplittableRandom(1));
        q.resolve(0, NAME);
        List<Long> sent = new ArrayList<>();
        for (long t = 0; t <= 1200 * MS; t += 10 * MS) {
            q.handleTimeout(t);
            for (Datagram d; (d = q.pollTransmit(t)) != null; ) {
                assertThat(d.local()).isEqualTo(QUERIER);
                assertThat(d.remote()).isEqualTo(GROUP);
                sent.add(t);
            }
            if (t == 990 * MS) {
                assertThat(q.pollEvent()).isNull();
            }
        }
        assertThat(sent).containsExactly(0L, 250 * MS, 500 * MS);
        assertThat(q.pollEvent()).isEqualTo(new MdnsQuerier.Unresolved(NAME));
        assertThatThrownBy(() -> new MdnsQuerier(new InetSocketAddress(HOST, 5353), GROUP, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void querier_takesOnlyAnAnswerWithItsIdForItsName() throws Exception {
        MdnsQuerier q = new MdnsQuerier(QUERIER, GROUP, new SplittableRandom(1));
        q.resolve(0, NAME);
        MdnsMessage query = MdnsMessage.decode(q.pollTransmit(0).payload().toArray());
        InetSocketAddress responder = new InetSocketAddress(HOST, 5353);
        MdnsMessage.Answer a = new MdnsMessage.Answer(NAME.toUpperCase(java.util.Locale.ROOT), HOST, 10, false);
        q.handleDatagram(1, from(responder, new MdnsMessage(query.id() ^ 1, true, List.of(), List.of(a)).encode()));
        q.handleDatagram(1, from(responder, new MdnsMessage(query.id(), false, List.of(), List.of(a)).encode()));
        q.handleDatagram(1, from(responder, new byte[] {1, 2, 3}));
        assertThat(q.pollEvent()).as("a wrong ID, a query, garbage").isNull();
        q.handleDatagram(2, from(responder, new MdnsMessage(query.id(), true, List.of(), List.of(a)).encode()));
        assertThat(q.pollEvent()).isEqualTo(new MdnsQuerier.Resolved(NAME, HOST));
        assertThat(q.pollTimeout()).as("nothing left to ask").isEqualTo(io.icelab.stun.SansIo.NO_DEADLINE);
    }

    @Test
    void querier_boundsTheNamesWaiting() {
        MdnsQuerier q = new MdnsQuerier(QUERIER, GROUP, new SplittableRandom(1));
        for (int i = 0; i <= MdnsQuerier.MAX_PENDING; i++) {
            q.resolve(0, "n" + i + ".local");
        }
        assertThat(q.pollEvent()).isEqualTo(new MdnsQuerier.Unresolved("n" + MdnsQuerier.MAX_PENDING + ".local"));
    }

    @Test
    void responder_answersLegacyUnicastMulticastAndQu_andNothingElse() throws Exception {
        MdnsResponder r = new MdnsResponder(GROUP);
        String name = r.name(new SplittableRandom(3), HOST);
        assertThat(name).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.local");
        // §6.7: a one-shot query from an ephemeral port: unicast back, its ID and question, TTL 10
        r.handleDatagram(0, from(QUERIER, new MdnsMessage(99, false, List.of(new MdnsMessage.Question(name,
                MdnsMessage.TYPE_A, false)), List.of()).encode()));
        Datagram legacy = r.pollTransmit(0);
        assertThat(legacy.remote()).isEqualTo(QUERIER);
        MdnsMessage m = MdnsMessage.decode(legacy.payload().toArray());
        assertThat(m.id()).isEqualTo(99);
        assertThat(m.questions()).hasSize(1);
        assertThat(m.answers()).singleElement().isEqualTo(new MdnsMessage.Answer(name, HOST, 10, false));
        // a full mDNS querier (port 5353): to the group, ID 0, cache-flush, TTL 120
        InetSocketAddress peer = new InetSocketAddress(IpLiteral.parse("192.168.1.30"), 5353);
        r.handleDatagram(0, from(peer, new MdnsMessage(0, false, List.of(new MdnsMessage.Question(name,
                MdnsMessage.TYPE_ANY, false)), List.of()).encode()));
        Datagram multicast = r.pollTransmit(0);
        assertThat(multicast.remote()).isEqualTo(GROUP);
        assertThat(MdnsMessage.decode(multicast.payload().toArray()).answers())
                .singleElement().isEqualTo(new MdnsMessage.Answer(name, HOST, 120, true));
        // §5.4 QU: unicast even from 5353
        r.handleDatagram(0, from(peer, new MdnsMessage(0, false, List.of(new MdnsMessage.Question(name,
                MdnsMessage.TYPE_A, true)), List.of()).encode()));
        assertThat(r.pollTransmit(0).remote()).isEqualTo(peer);
        // another name, AAAA for an IPv4 name, a response, garbage: nothing
        for (byte[] b : List.of(
                new MdnsMessage(1, false, List.of(new MdnsMessage.Question("other.local", 1, false)), List.of()).encode(),
                new MdnsMessage(1, false, List.of(new MdnsMessage.Question(name, MdnsMessage.TYPE_AAAA, false)),
                        List.of()).encode(),
                new MdnsMessage(1, true, List.of(), List.of(new MdnsMessage.Answer(name, HOST, 1, false))).encode(),
                new byte[] {9})) {
            r.handleDatagram(0, from(QUERIER, b));
        }
        assertThat(r.pollTransmit(0)).isNull();
        assertThat(r.ignored()).isEqualTo(4);
    }

    @Test
    void responder_boundsItsQueue() throws Exception {
        MdnsResponder r = new MdnsResponder(GROUP);
        String name = r.name(new SplittableRandom(3), HOST);
        byte[] q = new MdnsMessage(5, false, List.of(new MdnsMessage.Question(name, 1, false)), List.of()).encode();
        for (int i = 0; i < 10 * MdnsResponder.MAX_QUEUED; i++) {
            r.handleDatagram(0, from(QUERIER, q));
        }
        int n = 0;
        while (r.pollTransmit(0) != null) {
            n++;
        }
        assertThat(n).isEqualTo(MdnsResponder.MAX_QUEUED);
    }
}
