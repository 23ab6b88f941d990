package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.NatDiscoveryEvent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RFC 5780 discovery from a host, and what it found. */
public final class NatSteps {
    private final World world;

    public NatSteps(World world) {
        this.world = world;
    }

    @When("{word} runs RFC 5780 NAT discovery")
    public void discover(String who) {
        Host h = world.sim().host(who);
        InetSocketAddress local = world.locals.get(who);
        NatDiscoveryClient client = new NatDiscoveryClient(world.sim().random(who + ":discovery"),
                NatDiscoveryClient.Config.of(local, NetworkSteps.STUN));
        List<NatBehavior> result = new ArrayList<>();
        SimApp<NatDiscoveryEvent> app = h.run("discovery", client, List.of(local)).onEvent(e -> {
            if (e instanceof NatDiscoveryEvent.Finished f) {
                result.add(f.behavior());
            }
        });
        app.at(world.sim().now(), "start", () -> client.start(world.sim().now()));
        assertThat(world.sim().runUntil(() -> !result.isEmpty(), world.sim().now() + 600 * SimTime.S))
                .as("discovery finished").isTrue();
        world.discovered.put(who, result.get(0));
    }

    @Then("{word}'s NAT is found to have {string} mapping and {string} filtering")
    public void found(String who, String mapping, String filtering) {
        NatBehavior b = world.discovered.get(who);
        assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NAT);
        assertThat(b.mapping().name()).isEqualTo(enumName(mapping));
        assertThat(b.filtering().name()).isEqualTo(enumName(filtering));
    }

    @Then("{word}'s hairpinning is found {string}")
    public void hairpin(String who, String state) {
        assertThat(world.discovered.get(who).hairpinning().name()).isEqualTo(enumName(state));
    }

    /** RFC 5780 §5: against a server without OTHER-ADDRESS, discovery ends with mapping and filtering unknown. */
    @Then("{word} is found behind a NAT whose mapping and filtering are unknown")
    public void unknownBehaviour(String who) {
        NatBehavior b = world.discovered.get(who);
        assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NAT);
        assertThat(b.mapping()).isEqualTo(NatBehavior.Mapping.UNKNOWN);
        assertThat(b.filtering()).isEqualTo(NatBehavior.Filtering.UNKNOWN);
    }

    @Then("{word} is found to be behind no NAT")
    public void noNat(String who) {
        assertThat(world.discovered.get(who).outcome()).isEqualTo(NatBehavior.Outcome.NO_NAT);
    }

    static String enumName(String s) {
        return s.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** RFC 4787 §4.3: the NAT's live mappings, expired ones dropped at the current virtual time. */
    @Then("{word}'s NAT holds {int} mapping(s)")
    public void mappings(String who, int count) {
        assertThat(world.sim().nat(who + "-nat").tableSize()).as("%s's NAT mappings", who).isEqualTo(count);
    }

    /**
     * RFC 5780 §5: discovery requests carry FINGERPRINT (they may share the flow with other traffic), and the
     * client starts no more than ten transactions in any second.
     */
    @Then("{word}'s discovery requests carry FINGERPRINT, at most ten a second")
    public void discoveryRequests(String who) {
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.Map<String, Long> first = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            io.icelab.stun.StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && c.packet().source().getAddress().equals(host)) {
                assertThat(m.fingerprintStatus()).as("FINGERPRINT of %s", m).isEqualTo(io.icelab.stun.StunMessage.FingerprintStatus.VALID);
                first.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        java.util.List<Long> starts = first.values().stream().sorted().toList();
        assertThat(starts).as("%s's discovery transactions", who).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 10; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 10)).as("11 transactions within a second, ending at %s s",
                    io.icelab.sim.SimTime.format(starts.get(i))).isGreaterThanOrEqualTo(io.icelab.sim.SimTime.S);
        }
    }
}
