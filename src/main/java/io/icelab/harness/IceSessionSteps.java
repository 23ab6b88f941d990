package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceEvent;
import io.icelab.sim.IceHost;
import io.icelab.sim.Interface;
import io.icelab.sim.SimTime;
import java.util.List;

/**
 * An ICE session after it connected: data (RFC 8445 §12), consent (RFC 7675), a vanishing peer or a renumbered NAT,
 * restart (§9) and close.
 */
public final class IceSessionSteps {
    private final World world;
    /** When the last ICE restart of the scenario happened, if one did. */
    private java.util.OptionalLong restartAt = java.util.OptionalLong.empty();

    public IceSessionSteps(World world) {
        this.world = world;
    }

    /** WHO's downlink goes dark: what WHO sends still leaves, nothing reaches WHO any more. */
    @When("{word} stops receiving")
    public void deaf(String who) {
        Interface i = world.sim().host(who).iface(0);
        i.down().set(i.down().impairments().withBlackhole(true));
    }

    @When("{word} vanishes")
    public void vanish(String who) {
        Interface i = world.sim().host(who).iface(0);
        i.up().set(i.up().impairments().withBlackhole(true));
        i.down().set(i.down().impairments().withBlackhole(true));
    }

    @Then("{word} loses consent within {int} s")
    public void consentLost(String who, int seconds) {
        IceHost h = world.ice.get(who);
        long deadline = world.sim().now() + seconds * IceSteps.S;
        assertThat(world.sim().runUntil(() -> h.app().events().stream().anyMatch(e -> e instanceof IceEvent.ConsentLost),
                deadline)).as("%s lost consent by %s s", who, SimTime.format(deadline)).isTrue();
        assertThat(h.agent().send(1, 1, new byte[] {1})).as("nothing is sent after consent is lost").isFalse();
    }

    @When("{word}'s NAT changes its external address to {string}")
    public void renumber(String who, String address) {
        world.sim().nat(who + "-nat").changeExternalAddresses(List.of(NetworkSteps.ip(address)));
    }

    @When("{word} restarts ICE")
    public void restart(String who) {
        restartAt = java.util.OptionalLong.of(world.sim().now());
        world.ice.get(who).restart(world.sim().now());
    }

    /** After WHO closes its ICE session, nothing leaves WHO's NAT (no checks, consent or keepalives) for N s. */
    @Then("nothing left {word}'s NAT in the {int} s after {word} closed ICE")
    public void silentAfterClose(String natOwner, int seconds, String who) {
        long closedAt = world.sim().now();
        world.sim().runUntil(closedAt + seconds * IceSteps.S);
        String external = NetworkSteps.ip("203.0.113." + NetworkSteps.number(natOwner)).getHostAddress();
        long after = world.recorder.packets().stream().filter(c -> c.timeNanos() > closedAt
                && c.realm().equals("internet") && c.packet().source().getAddress().getHostAddress().equals(external))
                .count();
        assertThat(after).as("packets from %s's NAT in the %d s after %s closed ICE", natOwner, seconds, who).isZero();
    }

    /** RFC 7675 §5.1: before a pair is selected (consent), WHO's agent sends no data: send() refuses. */
    @Then("{word}'s agent refuses to send data before a pair is selected")
    public void noDataBeforeConsent(String who) {
        IceHost h = world.ice.get(who);
        assertThat(h.agent().selectedPair(1, 1)).as("%s has no selected pair yet", who).isNull();
        boolean sent = h.agent().send(1, 1, "too early".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent).as("%s's agent accepted data with no selected pair", who).isFalse();
    }

    /** RFC 8445 §12.1.1: a lite agent with a pair for component 1 only sends nothing, not even on component 1. */
    @Then("{word}'s agent refuses to send data on component 1 while component 2 has no pair")
    public void liteWaitsForEveryComponent(String who) {
        assertThat(world.ice.get(who).agent().selectedPair(1, 2)).as("%s's component 2 has no pair", who).isNull();
        refusesOnComponent1(who, "component 2 without a pair");
    }

    /** Component 1 has a selected pair, yet the agent refuses data on it. */
    private void refusesOnComponent1(String who, String because) {
        IceHost h = world.ice.get(who);
        assertThat(h.agent().selectedPair(1, 1)).as("%s's component 1 has a selected pair", who).isNotNull();
        boolean sent = h.agent().send(1, 1, "half a stream".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent).as("%s's agent accepted data with %s", who, because).isFalse();
    }

    /** RFC 8445 §12.1: with one component failed, the agent sends data on none, the selected one included. */
    @Then("{word}'s agent refuses to send data on component 1 once component 2 has failed")
    public void noDataWhenAComponentFailed(String who) {
        assertThat(world.ice.get(who).app().events()).as("%s's component 2 failed", who).anyMatch(e ->
                e instanceof IceEvent.ComponentStateChanged c && c.component() == 2
                        && c.state() == io.icelab.ice.ComponentState.FAILED);
        refusesOnComponent1(who, "component 2 failed");
    }

    /** The application ends WHO's ICE session: its agent deletes its TURN allocations and stops checking. */
    @When("{word} closes ICE")
    public void close(String who) {
        IceHost h = world.ice.get(who);
        h.app().at(world.sim().now(), "close", () -> h.agent().close(world.sim().now()));
    }

    /**
     * RFC 8445 §9: after WHO's restart, a new selection: a SelectedPairChanged of WHO's agent later than the
     * restart, with these candidate types, within N s.
     */
    @Then("{word} selects a {word} to {word} pair after the restart within {int} s")
    public void selectedAfterRestart(String who, String local, String remote, int seconds) {
        long restartAt = this.restartAt
                .orElseThrow(() -> new AssertionError("no agent restarted ICE in this scenario"));
        java.util.function.Supplier<java.util.Optional<String>> selection = () -> world.sim().log().entries().stream()
                .filter(e -> e.time() > restartAt && e.line().contains(" " + who + ":ice: SelectedPairChanged"))
                .map(io.icelab.sim.EventLog.Entry::line).reduce((a, b) -> b);
        world.sim().runUntil(() -> selection.get().isPresent(), world.sim().now() + seconds * IceSteps.S);
        String line = selection.get().orElseThrow(() -> new AssertionError(who + " selected no pair in the "
                + seconds + " s after the restart at " + io.icelab.sim.SimTime.format(restartAt) + " s"));
        assertThat(line).as("the pair %s selected after the restart", who)
                .contains("local=" + local + " ").contains("remote=" + remote + " ");
    }

    @Then("{word} and {word} are connected again within {int} s")
    public void reconnected(String a, String b, int seconds) {
        IceHost ia = world.ice.get(a);
        IceHost ib = world.ice.get(b);
        assertThat(world.sim().runUntil(() -> ia.agent().componentState(1, 1) == ComponentState.CONNECTED
                && ib.agent().componentState(1, 1) == ComponentState.CONNECTED, world.sim().now() + seconds * IceSteps.S))
                .isTrue();
    }

    @When("{word} sends {string} to {word}")
    public void send(String from, String text, String to) {
        IceHost h = world.ice.get(from);
        h.app().at(world.sim().now(), "send", () -> h.agent().send(1, 1, text.getBytes()));
        world.sim().runUntil(world.sim().now() + 2 * IceSteps.S);
    }

    @Then("{word} receives {string}")
    public void receives(String who, String text) {
        assertThat(world.ice.get(who).app().events()).anyMatch(e -> e instanceof IceEvent.DataReceived d
                && d.data().utf8().equals(text));
    }
}
