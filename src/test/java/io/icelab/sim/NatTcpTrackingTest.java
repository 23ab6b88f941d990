package io.icelab.sim;

import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.sim.tcp.TcpSegment;
import io.icelab.stun.Bytes;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** RFC 5382 REQ-5 per connection: which segments make a mapping's connection established or transitory again. */
class NatTcpTrackingTest {
    static final InetSocketAddress REMOTE = at("198.51.100.9", 443);
    static final NatConfig.TcpPolicy POLICY = new NatConfig.TcpPolicy(7440 * S, 240 * S, NatConfig.UnsolicitedSyn.DROP);
    static final long EST = POLICY.establishedNanos();
    static final long TRANS = POLICY.transitoryNanos();

    static TcpSegment seg(int flags) {
        return new TcpSegment(5000, 443, 1, 1, flags, 100, 0, Bytes.EMPTY);
    }

    @Test
    void synEachWay_establishes_finEachWay_orARst_makeItTransitory_andANewSynStartsOver() {
        NatTcp t = new NatTcp(POLICY);
        NatTable.Mapping m = new NatTable.Mapping(at("192.168.1.10", 5000), at("203.0.113.1", 5000), 0);
        t.outbound(0, m, REMOTE, seg(TcpSegment.SYN));
        assertThat(m.lifetime).as("a SYN out only").isEqualTo(TRANS);
        t.inbound(m, REMOTE, seg(TcpSegment.SYN | TcpSegment.ACK));
        assertThat(m.lifetime).as("a SYN each way").isEqualTo(EST);
        t.outbound(S, m, REMOTE, seg(TcpSegment.FIN | TcpSegment.ACK));
        assertThat(m.lifetime).as("one FIN: still established").isEqualTo(EST);
        t.inbound(m, REMOTE, seg(TcpSegment.FIN | TcpSegment.ACK));
        assertThat(m.lifetime).as("a FIN each way").isEqualTo(TRANS);
        t.outbound(2 * S, m, REMOTE, seg(TcpSegment.SYN));
        assertThat(m.lifetime).as("a new connection on the same addresses").isEqualTo(TRANS);
        t.inbound(m, REMOTE, seg(TcpSegment.SYN | TcpSegment.ACK));
        assertThat(m.lifetime).isEqualTo(EST);
        t.inbound(m, REMOTE, seg(TcpSegment.RST));
        assertThat(m.lifetime).as("a RST ends it").isEqualTo(TRANS);
    }

    @Test
    void outboundSynSince_countsFromTheSynsTime_perRemote() {
        NatTcp t = new NatTcp(POLICY);
        NatTable.Mapping m = new NatTable.Mapping(at("192.168.1.10", 5000), at("203.0.113.1", 5000), 0);
        t.outbound(5 * S, m, REMOTE, seg(TcpSegment.SYN));
        assertThat(t.outboundSynSince(m.external, REMOTE, 5 * S)).isTrue();
        assertThat(t.outboundSynSince(m.external, REMOTE, 5 * S + 1)).isFalse();
        assertThat(t.outboundSynSince(m.external, at("198.51.100.10", 443), 0)).isFalse();
        t.outbound(6 * S, m, REMOTE, seg(TcpSegment.ACK));
        assertThat(t.outboundSynSince(m.external, REMOTE, 6 * S)).as("an ACK is no SYN").isFalse();
    }
}
