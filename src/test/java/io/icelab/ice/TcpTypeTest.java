package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6544: TCP candidates' local preference (§4.2) and which of them pair (§6.2). */
class TcpTypeTest {
    static final InetSocketAddress BASE = new InetSocketAddress("10.0.0.1", 1000);

    @Test
    void localPreference_putsTheDirectionAboveTheAddress() {
        assertThat(TcpType.ACTIVE.localPreference(CandidateType.HOST, 8191)).isEqualTo(6 * 8192 + 8191);
        assertThat(TcpType.PASSIVE.localPreference(CandidateType.HOST, 8191)).isEqualTo(4 * 8192 + 8191);
        assertThat(TcpType.SIMULTANEOUS_OPEN.localPreference(CandidateType.HOST, 0)).isEqualTo(2 * 8192);
        assertThat(TcpType.SIMULTANEOUS_OPEN.localPreference(CandidateType.SERVER_REFLEXIVE, 8191))
                .as("behind a NAT a simultaneous open is the best bet").isEqualTo(6 * 8192 + 8191);
        assertThat(TcpType.ACTIVE.localPreference(CandidateType.SERVER_REFLEXIVE, 1)).isEqualTo(4 * 8192 + 1);
        assertThat(TcpType.PASSIVE.localPreference(CandidateType.SERVER_REFLEXIVE, 1)).isEqualTo(2 * 8192 + 1);
        assertThat(TcpType.ACTIVE.localPreference(CandidateType.RELAYED, 5)).isEqualTo(6 * 8192 + 5);
        assertThatThrownBy(() -> TcpType.ACTIVE.localPreference(CandidateType.HOST, 8192))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpType.ACTIVE.localPreference(CandidateType.HOST, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sdpNames_readBack() {
        for (TcpType t : TcpType.values()) {
            assertThat(TcpType.parse(t.sdpName())).isEqualTo(t);
        }
        assertThat(TcpType.parse("SO")).isNull();
        assertThat(TcpType.parse(null)).isNull();
    }

    @Test
    void tcpCandidates_pairActiveWithPassive_andSimultaneousOpenWithItsLike_never_withUdp() {
        IceStream s = new IceStream(1, List.of(List.of(BASE)));
        s.local.add(tcp(BASE, "active", "a"));
        s.local.add(tcp(new InetSocketAddress("10.0.0.1", 1001), "so", "s"));
        s.local.add(new Candidate("u", 1, Transport.UDP, 2130706431L, BASE, CandidateType.HOST, BASE, null, null));
        assertThat(s.formPairs(remoteTcp(2000, "passive"), Side.REMOTE, Role.CONTROLLING, 100))
                .singleElement().satisfies(p -> assertThat(p.local.tcpType()).isEqualTo("active"));
        assertThat(s.formPairs(remoteTcp(2001, "active"), Side.REMOTE, Role.CONTROLLING, 100))
                .as("active with active makes no connection").isEmpty();
        assertThat(s.formPairs(remoteTcp(2002, "so"), Side.REMOTE, Role.CONTROLLING, 100))
                .singleElement().satisfies(p -> assertThat(p.local.tcpType()).isEqualTo("so"));
        assertThat(s.formPairs(remoteTcp(2003, "sideways"), Side.REMOTE, Role.CONTROLLING, 100))
                .as("an unknown tcptype pairs with nothing").isEmpty();
        assertThat(s.checklist).allMatch(p -> p.local.transport() == Transport.TCP);
    }

    static Candidate tcp(InetSocketAddress a, String type, String foundation) {
        return new Candidate(foundation, 1, Transport.TCP, 1000, a, CandidateType.HOST, a, null, type);
    }

    static Candidate remoteTcp(int port, String type) {
        InetSocketAddress a = new InetSocketAddress("10.0.0.2", port);
        return new Candidate("r" + port, 1, Transport.TCP, 900, a, CandidateType.HOST, a, null, type);
    }
}
