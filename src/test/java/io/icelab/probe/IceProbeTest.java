package io.icelab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Role;
import io.icelab.sim.NatProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code probe ice} on loopback: icelab's agent against an agent under test behind the userspace NAT box (the
 * simulator's NAT decisions between real sockets), for the RFC 4787 profiles of scenarios/nat-profiles, with the
 * icelab and ice4j adapters of the line protocol. Outcomes match RFC 4787 reasoning (the simulator's NAT matrix),
 * and icelab's own agent meets every statement the probe can judge.
 */
class IceProbeTest {
    static final long S = 1_000_000_000L;
    static final Path PROFILES = Path.of("scenarios/nat-profiles");

    @BeforeAll
    static void ice4jIsConfinedToLoopback() {
        assertThat(System.getProperty("ice4j.harvest.mapping.aws.enabled"))
                .as("run through Maven: ice4j must be configured with its AWS harvester off").isEqualTo("false");
    }

    /** A program on this JVM's classpath, with the surefire configuration's ice4j properties. */
    static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(io.icelab.net.LineProtocolAdaptersTest.ice4jProperties());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static IceProbe.Placement behind(String profile) {
        return new IceProbe.Placement(profile, NatProfiles.load(profile, PROFILES));
    }

    static IceProbe.Case peerBehind(String profile, Role role) {
        return new IceProbe.Case(behind(profile), IceProbe.Placement.OPEN, role);
    }

    static String describe(IceProbe.Result r) {
        StringBuilder sb = new StringBuilder(r.c().peer().name() + " / " + r.c().icelab().name() + " " + r.c().relay() + " "
                + r.c().conflict() + " "
                + r.c().peerRole() + ": expected " + (r.expected() ? "connect" : "fail") + ", "
                + (r.connected() ? "connected in " + r.connectMillis() + " ms" : "not connected") + "; icelab "
                + r.icelabPair() + "; agent " + r.peerLine() + " exit " + r.peerExit() + " " + r.notes());
        r.statements().forEach(x -> sb.append("\n  ").append(x));
        return sb.toString();
    }

    @Test
    void icelabsOwnAgent_acrossTheProfiles_asExpected_meetingEveryStatementJudged() throws Exception {
        IceProbe probe = new IceProbe(java("io.icelab.cli.Main", "ice-agent"), 5 * S, 0);
        List<IceProbe.Case> cases = new ArrayList<>(List.of(
                new IceProbe.Case(IceProbe.Placement.OPEN, IceProbe.Placement.OPEN, Role.CONTROLLING),
                peerBehind("full-cone", Role.CONTROLLED),
                peerBehind("restricted-cone", Role.CONTROLLING),
                peerBehind("port-restricted-cone", Role.CONTROLLED),
                peerBehind("symmetric", Role.CONTROLLING),
                new IceProbe.Case(behind("port-restricted-cone"), behind("port-restricted-cone"), Role.CONTROLLING),
                new IceProbe.Case(behind("restricted-cone"), behind("symmetric"), Role.CONTROLLED),
                new IceProbe.Case(behind("symmetric"), behind("symmetric"), Role.CONTROLLING),
                // the relay case: icelab's relayed candidate on the open side gets both symmetric NATs through
                new IceProbe.Case(behind("symmetric"), behind("symmetric"), Role.CONTROLLED, IceProbe.Relay.ICELAB),
                // role conflicts (§7.3.1.1) both ways, in both roles: icelab's tie-breaker the largest, or 0
                new IceProbe.Case(IceProbe.Placement.OPEN, IceProbe.Placement.OPEN, Role.CONTROLLING,
                        IceProbe.Relay.NONE, IceProbe.Conflict.ICELAB_WINS),
                new IceProbe.Case(behind("full-cone"), IceProbe.Placement.OPEN, Role.CONTROLLING,
                        IceProbe.Relay.NONE, IceProbe.Conflict.AGENT_WINS),
                new IceProbe.Case(IceProbe.Placement.OPEN, IceProbe.Placement.OPEN, Role.CONTROLLED,
                        IceProbe.Relay.NONE, IceProbe.Conflict.ICELAB_WINS),
                new IceProbe.Case(IceProbe.Placement.OPEN, behind("restricted-cone"), Role.CONTROLLED,
                        IceProbe.Relay.NONE, IceProbe.Conflict.AGENT_WINS)));
        for (IceProbe.Case c : cases) {
            IceProbe.Result r = probe.run(c);
            assertThat(r.asExpected()).as(describe(r)).isTrue();
            if (c.relay() == IceProbe.Relay.ICELAB) {
                // icelab's local is its relayed candidate, or a peer-reflexive one on it (the agent inside its box
                // answers with the proxy's address, README "probe ice"): either way based on the TURN server's address
                assertThat(r.icelabPair()).as(describe(r)).containsPattern("127\\.0\\.0\\.3:\\d+( relay|\\))");
            }
            assertThat(r.statements()).as(describe(r))
                    .noneMatch(s -> s.verdict() == PeerObservations.Verdict.NOT_MET);
            if (r.connected()) {
                assertThat(PeerObservations.count(r.statements(), PeerObservations.Verdict.MET)).as(describe(r))
                        .isGreaterThanOrEqualTo(6);
            }
            if (c.conflict() != IceProbe.Conflict.NONE) {
                assertThat(r.statements()).as(describe(r)).anyMatch(s -> s.id().equals("RFC8445-7.3.1.1")
                        && s.verdict() == PeerObservations.Verdict.MET);
            }
        }
    }

    /**
     * ice4j through its adapter, on no NAT with icelab's agent behind each box: connected as expected. (Behind a box
     * itself it does not connect: in 5 s it sends no ordinary check to icelab's candidates, only answers and triggered
     * checks, so with its host address unreachable nothing starts; README, "probe ice".)
     */
    @Test
    void theIce4jAdapter_withIcelabBehindEachProfile_connectsAsExpected() throws Exception {
        IceProbe probe = new IceProbe(java("io.icelab.net.Ice4jLineAgent"), 5 * S, 0);
        for (IceProbe.Case c : List.of(
                new IceProbe.Case(IceProbe.Placement.OPEN, behind("full-cone"), Role.CONTROLLED),
                new IceProbe.Case(IceProbe.Placement.OPEN, behind("port-restricted-cone"), Role.CONTROLLING),
                new IceProbe.Case(IceProbe.Placement.OPEN, behind("symmetric"), Role.CONTROLLED))) {
            IceProbe.Result r = probe.run(c);
            assertThat(r.peerTookStun()).as("ice4j's adapter takes no --stun: the probe ran it without").isFalse();
            assertThat(r.asExpected()).as(describe(r)).isTrue();
            assertThat(r.connected()).as(describe(r)).isTrue();
            for (String id : List.of("RFC8445-7.2.2", "RFC8445-7.3.1.2")) {
                assertThat(r.statements().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().verdict())
                        .as(describe(r)).isEqualTo(PeerObservations.Verdict.MET);
            }
        }
    }

    /** RFC 7675 §5.1 on the wire: watched 13 s after selection, icelab's consent checks are 4 to 6 s apart. */
    @Test
    void consentChecks_areJudgedOnALongerWatch() throws Exception {
        IceProbe probe = new IceProbe(java("io.icelab.cli.Main", "ice-agent"), 5 * S, 13 * S);
        IceProbe.Result r = probe.run(peerBehind("full-cone", Role.CONTROLLING));
        assertThat(r.connected()).as(describe(r)).isTrue();
        assertThat(r.statements().stream().filter(s -> s.id().equals("RFC7675-5.1-4")).findFirst().orElseThrow()
                .verdict()).as(describe(r)).isEqualTo(PeerObservations.Verdict.MET);
    }

    /** RFC 7675 §5.1: the path dies once connected; icelab's agent goes quiet on it 30 s after its last answer. */
    @Test
    void afterThePathDies_theAgentStopsSendingWithin30s() throws Exception {
        IceProbe probe = new IceProbe(java("io.icelab.cli.Main", "ice-agent"), 5 * S, 36 * S, IceProbe.Loss.AFTER_CONNECTED);
        IceProbe.Result r = probe.run(peerBehind("port-restricted-cone", Role.CONTROLLED));
        assertThat(r.connected()).as(describe(r)).isTrue();
        assertThat(r.statements().stream().filter(s -> s.id().equals("RFC7675-5.1-2")).findFirst().orElseThrow()
                .verdict()).as(describe(r)).isEqualTo(PeerObservations.Verdict.MET);
    }
}
