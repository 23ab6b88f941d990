package io.icelab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Role;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each statement the probe judges turns "not met" on the violation it names, and "not observed" on silence. */
class PeerObservationsTest {
    static final String ICELAB_UFRAG = "ICEL";
    static final String ICELAB_PWD = "icelab-password-0123456789";
    static final String PEER_UFRAG = "PEER";
    static final String PEER_PWD = "peer-password-0123456789";
    static final InetSocketAddress FROM = new InetSocketAddress("127.0.3.1", 4000);
    static final InetSocketAddress OTHER = new InetSocketAddress("127.0.3.1", 4001);
    static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 5000);
    static final long MS = 1_000_000L;

    final SplittableRandom random = new SplittableRandom(8445);

    static PeerObservations.Session session(Role role, long connectedNanos) {
        return new PeerObservations.Session(role, ICELAB_UFRAG, ICELAB_PWD, PEER_UFRAG, PEER_PWD, connectedNanos, 0,
                PeerObservations.Timing.FIRST_HOP, IceProbe.Conflict.NONE, -1);
    }

    StunMessageBuilder check(String username, boolean controlling) {
        StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, TransactionId.random(random))
                .add(CoreAttribute.Username.of(username)).add(new IceAttribute.Priority(0x6e0001ffL));
        return b.add(controlling ? new IceAttribute.IceControlling(7) : new IceAttribute.IceControlled(7));
    }

    static PeerObservations.Seen seen(long at, InetSocketAddress from, byte[] bytes) {
        return new PeerObservations.Seen(at, from, TO, Bytes.wrap(bytes));
    }

    static PeerObservations.Verdict verdict(List<PeerObservations.Statement> all, String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().verdict();
    }

    List<PeerObservations.Seen> goodSession() {
        List<PeerObservations.Seen> out = new ArrayList<>();
        out.add(seen(0, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true)
                .integrity(StunKeys.shortTerm(ICELAB_PWD)).fingerprint().encode()));
        out.add(seen(50 * MS, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true).add(new IceAttribute.UseCandidate())
                .integrity(StunKeys.shortTerm(ICELAB_PWD)).fingerprint().encode()));
        out.add(seen(60 * MS, FROM, StunMessageBuilder.of(MessageClass.SUCCESS_RESPONSE, Method.BINDING,
                TransactionId.random(random)).add(new CoreAttribute.XorMappedAddress(TO))
                .integrity(StunKeys.shortTerm(PEER_PWD)).fingerprint().encode()));
        return out;
    }

    @Test
    void aWellBehavedControllingAgent_meetsEveryStatement() {
        List<PeerObservations.Statement> all = PeerObservations.judge(session(Role.CONTROLLING, 100 * MS), goodSession());
        assertThat(all).filteredOn(s -> !s.id().startsWith("RFC7675") && !s.id().equals("RFC8445-7.3.1.4"))
                .allMatch(s -> s.verdict() == PeerObservations.Verdict.MET, "all met");
    }

    @Test
    void eachViolation_isNotMet() {
        byte[] key = StunKeys.shortTerm(ICELAB_PWD);
        // the wrong password, no FINGERPRINT, the controlled role from a controlling agent, a second nominated pair
        List<PeerObservations.Seen> bad = new ArrayList<>(goodSession());
        bad.add(seen(120 * MS, OTHER, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true).add(new IceAttribute.UseCandidate())
                .integrity(key).fingerprint().encode()));
        List<PeerObservations.Statement> all = PeerObservations.judge(session(Role.CONTROLLING, 200 * MS), bad);
        assertThat(verdict(all, "RFC8445-8.1.1")).isEqualTo(PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> wrongPassword = List.of(seen(0, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true)
                .integrity(StunKeys.shortTerm("not-the-password-0123456")).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), wrongPassword), "RFC8445-7.2.2"))
                .isEqualTo(PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> wrongUser = List.of(seen(0, FROM, check(PEER_UFRAG + ":" + ICELAB_UFRAG, true)
                .integrity(key).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), wrongUser), "RFC8445-7.2.2"))
                .isEqualTo(PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> noFingerprint = List.of(seen(0, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true)
                .integrity(key).encode()));
        assertThat(PeerObservations.judge(session(Role.CONTROLLING, -1), noFingerprint))
                .anyMatch(s -> s.text().contains("FINGERPRINT") && s.verdict() == PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> wrongRole = List.of(seen(0, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, false)
                .integrity(key).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), wrongRole), "RFC8445-7.1.3-1"))
                .isEqualTo(PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> useCandidateFromControlled = List.of(seen(0, FROM,
                check(ICELAB_UFRAG + ":" + PEER_UFRAG, false).add(new IceAttribute.UseCandidate()).integrity(key)
                        .fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLED, -1), useCandidateFromControlled),
                "RFC8445-7.1.2-2")).isEqualTo(PeerObservations.Verdict.NOT_MET);

        List<PeerObservations.Seen> fast = List.of(
                seen(0, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true).integrity(key).fingerprint().encode()),
                seen(20 * MS, OTHER, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true).integrity(key).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), fast), "RFC8445-14.2-1"))
                .isEqualTo(PeerObservations.Verdict.NOT_MET);
    }

    /** §7.3.1.4: icelab's check reached the agent from TO; the agent's checks go to TO in time, or they do not. */
    @Test
    void aCheckReceived_mustBeCheckedBack() {
        byte[] icelabCheck = check(PEER_UFRAG + ":" + ICELAB_UFRAG, false).integrity(StunKeys.shortTerm(PEER_PWD))
                .fingerprint().encode();
        List<PeerObservations.Seen> reached = List.of(new PeerObservations.Seen(0, TO, FROM, Bytes.wrap(icelabCheck)));
        List<PeerObservations.Seen> checkedBack = List.of(seen(40 * MS, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true)
                .integrity(StunKeys.shortTerm(ICELAB_PWD)).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), checkedBack, reached), "RFC8445-7.3.1.4"))
                .isEqualTo(PeerObservations.Verdict.MET);
        List<PeerObservations.Seen> late = List.of(seen(900 * MS, FROM, check(ICELAB_UFRAG + ":" + PEER_UFRAG, true)
                .integrity(StunKeys.shortTerm(ICELAB_PWD)).fingerprint().encode()));
        assertThat(verdict(PeerObservations.judge(session(Role.CONTROLLING, -1), late, reached), "RFC8445-7.3.1.4"))
                .isEqualTo(PeerObservations.Verdict.NOT_MET);
    }

    @Test
    void silence_isNotObserved_neverMet() {
        List<PeerObservations.Statement> all = PeerObservations.judge(session(Role.CONTROLLING, -1), List.of());
        assertThat(all).allMatch(s -> s.verdict() == PeerObservations.Verdict.NOT_OBSERVED, "not observed");
    }
}
