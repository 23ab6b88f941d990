package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.SharedCorpus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captured requests replayed against icelab's STUN and TURN servers, answers compared with the captured ones. */
class StackReplayTest {

    @Test
    void theGoldenCaptures_icelabAnswersAsItDidInTheSimulator() throws Exception {
        for (String t : List.of("nat444", "ice-two-nats", "ice-relay")) {
            List<StackReplay.Result> rs = StackReplay.replay(CaptureAnalysis.of(Path.of("captures", "golden",
                    t + "-seed7.pcap")));
            assertThat(rs).as(t).isNotEmpty().allSatisfy(r -> assertThat(r.differences()).as("frame %d", r.frame()).isEmpty());
        }
        // RFC 5780 requests with CHANGE-REQUEST are among them, answered from the other address
        assertThat(StackReplay.replay(CaptureAnalysis.of(Path.of("captures/golden/nat444-seed7.pcap")))).hasSizeGreaterThan(20);
    }

    @Test
    void realServers_agreeOrTheDifferenceIsNamed() throws Exception {
        // coturn's and others' first Allocate: icelab's 401 carries what theirs did (REALM, NONCE, ERROR-CODE)
        List<StackReplay.Result> signal = StackReplay.replay(CaptureAnalysis.of(SharedCorpus.require("nDPI__stun_signal.pcapng")));
        assertThat(signal).hasSizeGreaterThanOrEqualTo(30).allMatch(StackReplay.Result::same);
        assertThat(signal).anyMatch(r -> r.request().equals("Allocate request") && r.icelab().equals("Allocate Error 401"));
        // an RFC 5780 server (mercury's capture): icelab in RFC 5780 mode answers CHANGE-REQUEST alike
        assertThat(StackReplay.replay(CaptureAnalysis.of(SharedCorpus.require("mercury__stun.pcap"))))
                .hasSize(2).allMatch(StackReplay.Result::same);
        // the 2013 SBC answered Binding with MAPPED-ADDRESS only (RFC 3489 style); icelab adds XOR-MAPPED-ADDRESS
        List<StackReplay.Result> sbc = StackReplay.replay(CaptureAnalysis.of(
                SharedCorpus.require("zeek-spicy-stun__stun-ice-testcall.pcap")));
        assertThat(sbc).isNotEmpty().allSatisfy(r ->
                assertThat(r.differences()).containsExactly("icelab's answer adds XOR-MAPPED-ADDRESS"));
    }

    /** With the sidecar, coturn's authenticated Allocate is re-signed with icelab's NONCE and answered alike. */
    @Test
    void anAuthenticatedAllocate_replayedWithCredentials_succeedsAsItDidAgainstCoturn() throws Exception {
        Path recorded = Path.of("captures", "recorded", "turn-client-coturn.pcap");
        CaptureAnalysis a = CaptureAnalysis.of(recorded);
        assertThat(StackReplay.replay(a)).noneMatch(r -> r.captured().equals("Allocate Success"));
        List<StackReplay.Result> rs = StackReplay.replay(a, Credentials.forCapture(recorded));
        assertThat(rs).anyMatch(r -> r.captured().equals("Allocate Success") && r.icelab().equals("Allocate Success")
                && r.same());
    }

    /** With the agents' ufrags and passwords, every ICE check of the simulated session is answered alike by a fresh agent. */
    @Test
    void iceChecks_replayedAgainstAnIcelabAgent_withTheSessionsCredentials() throws Exception {
        Path golden = Path.of("captures", "golden", "ice-two-nats-seed7.pcap");
        CaptureAnalysis a = CaptureAnalysis.of(golden);
        Credentials creds = Credentials.forCapture(golden);
        List<StackReplay.Result> checks = StackReplay.replay(a, creds).stream()
                .filter(r -> r.request().equals("Binding request") && r.captured().equals("Binding Success")).toList();
        assertThat(checks).hasSizeGreaterThanOrEqualTo(15).allMatch(StackReplay.Result::same);
        assertThat(StackReplay.replay(a)).hasSizeLessThan(checks.size()); // without credentials they are not replayed
        // a wrong password for the receiving agent: icelab's agent refuses the check (RFC 8445 §7.3: 401)
        java.util.Map<String, String> wrong = new java.util.TreeMap<>(creds.icePasswords());
        wrong.replaceAll((ufrag, pwd) -> "not-the-password-0123456789");
        assertThat(StackReplay.replay(a, new Credentials(wrong, List.of())))
                .anyMatch(r -> r.captured().equals("Binding Success") && r.icelab().equals("Binding Error 401"));
    }
}
