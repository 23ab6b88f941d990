package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.ice.CandidateType;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.sim.IceHost;
import io.icelab.sim.SimTime;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import java.util.List;
import java.util.Locale;

/** ICE between two simulated hosts, with signalling through the simulator. */
public final class IceSteps {
    static final long S = SimTime.S;
    private final World world;
    /** Per agent, what the Given steps set before it starts. */
    private final java.util.Map<String, AgentSetup> setups = new java.util.LinkedHashMap<>();
    /** RFC 8445 §6.1.2.5: both agents' checklist limit, when a scenario sets one. */
    private java.util.OptionalInt maxPairs = java.util.OptionalInt.empty();

    public IceSteps(World world) {
        this.world = world;
    }

    /** How a scenario runs its two agents: each option changes both agents' settings. */
    enum RunOption {
        /** RFC 8445 §5.1.1.2 relay-only policy (needs a TURN server). */
        RELAY_ONLY,
        /** §8.1.1: USE-CANDIDATE on every check. */
        AGGRESSIVE,
        /** Without RFC 7675 consent: §11 keepalives instead. */
        NO_CONSENT,
        /** RTP and RTCP unmultiplexed: components 1 and 2 (§5.2). */
        TWO_COMPONENTS,
        /** The second agent is ICE-lite (§2.5). */
        LITE_PEER,
        /** RFC 6544: both agents gather TCP host candidates too. */
        TCP_CANDIDATES,
        /** RFC 6544: both agents gather TCP host candidates and no UDP ones. */
        TCP_ONLY,
        /** RFC 6544 §5.2 with RFC 6062: the TURN server is asked for TCP allocations (relayed TCP candidates). */
        TCP_ALLOCATIONS
    }

    private AgentSetup setup(String who) {
        return setups.computeIfAbsent(who, k -> new AgentSetup());
    }

    private IceConfig config(Role role, java.util.Set<RunOption> options) {
        IceConfig c = IceConfig.defaults(role).withStunServers(List.of(NetworkSteps.STUN));
        if (world.turn != null) {
            List<IceConfig.TurnServer> servers = new java.util.ArrayList<>(
                    List.of(new IceConfig.TurnServer(NetworkSteps.TURN, "ice", "relay-pass")));
            if (world.secondTurn != null) {
                servers.add(new IceConfig.TurnServer(world.secondTurn, "ice", "relay-pass"));
            }
            if (options.contains(RunOption.TCP_ALLOCATIONS)) {
                servers.replaceAll(IceConfig.TurnServer::withTcpAllocation);
            }
            c = c.withTurnServers(servers);
            if (options.contains(RunOption.RELAY_ONLY)) {
                c = c.withRelayOnly();
            }
        }
        if (maxPairs.isPresent()) {
            c = c.withMaxPairs(maxPairs.getAsInt());
        }
        if (options.contains(RunOption.AGGRESSIVE)) {
            c = c.withNomination(IceConfig.Nomination.AGGRESSIVE);
        }
        if (options.contains(RunOption.TCP_CANDIDATES)) {
            c = c.withTcpHostCandidates();
        }
        if (options.contains(RunOption.TCP_ONLY)) {
            c = c.withTcpCandidatesOnly();
        }
        if (options.contains(RunOption.NO_CONSENT)) {
            c = c.withConsent(false);
        }
        return c;
    }

    private static List<List<java.net.InetSocketAddress>> bases(java.net.InetSocketAddress first,
            java.util.Set<RunOption> options) {
        if (!options.contains(RunOption.TWO_COMPONENTS)) {
            return List.of(List.of(first));
        }
        return List.of(List.of(first), List.of(new java.net.InetSocketAddress(first.getAddress(), first.getPort() + 1)));
    }

    /** WHO's bases, plus the addresses a scenario offers besides (RFC 8445 §5.1.1.1: which qualify). */
    private List<List<java.net.InetSocketAddress>> basesOf(String who, java.util.Set<RunOption> options) {
        List<List<java.net.InetSocketAddress>> out = new java.util.ArrayList<>();
        for (List<java.net.InetSocketAddress> component : bases(world.locals.get(who), options)) {
            List<java.net.InetSocketAddress> all = new java.util.ArrayList<>(component);
            for (java.net.InetAddress extra : setup(who).extraBases) {
                all.add(new java.net.InetSocketAddress(extra, component.get(0).getPort()));
            }
            out.add(all);
        }
        return out;
    }

    /** Addresses offered to WHO's agent as bases besides its own: loopback, link-local, site-local and the like. */
    @io.cucumber.java.en.Given("{word}'s agent is also offered the bases {string}")
    public void extraBases(String who, String list) {
        for (String s : list.split(",\\s*")) {
            setup(who).extraBases.add(io.icelab.stun.IpLiteral.parse(s.trim()));
        }
    }

    /** Settings a scenario gave one agent only. */
    private IceConfig own(String who, IceConfig c) {
        java.util.OptionalLong timeout = setup(who).consentTimeout;
        return timeout.isEmpty() ? c : c.withConsentTimeout(timeout.getAsLong());
    }

    /** RFC 7675 §5.1: WHO's consent expires N s after its last success instead of 30 s. */
    @io.cucumber.java.en.Given("{word}'s consent expires {int} s after its last success")
    public void consentTimeout(String who, int seconds) {
        setup(who).consentTimeout = java.util.OptionalLong.of(seconds * S);
    }

    private void start(String a, String b, Role ra, Role rb, RunOption... chosen) {
        java.util.Set<RunOption> options = java.util.EnumSet.noneOf(RunOption.class);
        options.addAll(List.of(chosen));
        IceHost ia = new IceHost(world.sim(), world.sim().host(a), "ice", own(a, config(ra, options)), basesOf(a, options));
        IceConfig cb = config(rb, options);
        if (options.contains(RunOption.LITE_PEER)) {
            cb = IceConfig.defaults(Role.CONTROLLED).withLite();
        }
        IceHost ib = new IceHost(world.sim(), world.sim().host(b), "ice", own(b, cb), basesOf(b, options));
        IceHost.pair(ia, ib, 50 * SimTime.MS, true);
        signalling(ia, setup(a));
        signalling(ib, setup(b));
        ia.start(world.sim().now());
        ib.start(world.sim().now());
        world.ice.put(a, ia);
        world.ice.put(b, ib);
    }

    /** How the agent's candidates reach its peer, as the scenario set it up (RFC 8838). */
    private static void signalling(IceHost h, AgentSetup setup) {
        if (setup.trickle == AgentSetup.Trickle.OFF) {
            h.withoutTrickle();
        }
        setup.lateServerReflexive.ifPresent(delay -> h.delayCandidates(CandidateType.SERVER_REFLEXIVE, delay));
        if (setup.signalling == AgentSetup.Signalling.TWICE) {
            h.signalCandidatesTwice();
        }
        setup.lateHost.ifPresent(delay -> h.delayCandidates(CandidateType.HOST, delay));
    }

    @io.cucumber.java.en.Given("{word}'s server-reflexive candidates are signalled {int} s late")
    public void late(String who, int seconds) {
        setup(who).lateServerReflexive = java.util.OptionalLong.of(seconds * S);
    }

    @io.cucumber.java.en.Given("{word}'s candidates are each signalled twice")
    public void twice(String who) {
        setup(who).signalling = AgentSetup.Signalling.TWICE;
    }

    /** With the server-reflexive ones also late, WHO's initial candidates are none at all (RFC 8838 §5). */
    @io.cucumber.java.en.Given("{word}'s host candidates are signalled {int} s late")
    public void lateHost(String who, int seconds) {
        setup(who).lateHost = java.util.OptionalLong.of(seconds * S);
    }

    @When("{word} and {word} run ICE")
    public void run(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED);
    }

    @When("{word} and {word} run ICE with {nomination} nomination")
    public void runNomination(String a, String b, IceConfig.Nomination mode) {
        if (mode == IceConfig.Nomination.AGGRESSIVE) {
            start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.AGGRESSIVE);
        } else {
            start(a, b, Role.CONTROLLING, Role.CONTROLLED);
        }
    }

    @When("{word} and {word} run ICE with {word} as an ICE-lite agent")
    public void runLite(String a, String b, String lite) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.LITE_PEER);
    }

    /** A lite agent without RTP/RTCP multiplexing: two components (RFC 8445 §5.2). */
    @When("{word} and {word} run ICE with {word} as an ICE-lite agent and two components")
    public void runLiteTwo(String a, String b, String lite) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.LITE_PEER, RunOption.TWO_COMPONENTS);
    }

    /** RFC 8445 §6.1.2.5: both agents' checklists are limited to N pairs (100 by default). */
    @io.cucumber.java.en.Given("checklists are limited to {int} pairs")
    public void maxPairs(int n) {
        maxPairs = java.util.OptionalInt.of(n);
    }

    /** RFC 8838 §3, §5: WHO does not trickle: all its candidates go at once with end-of-candidates (regular ICE). */
    @io.cucumber.java.en.Given("{word} does not trickle")
    public void noTrickle(String who) {
        setup(who).trickle = AgentSetup.Trickle.OFF;
    }

    /** Agents without RFC 7675 consent checks: RFC 8445 §11 keepalives keep the NAT bindings instead. */
    @When("{word} and {word} run ICE without consent freshness")
    public void runWithoutConsent(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.NO_CONSENT);
    }

    @When("{word} and {word} run ICE with two components")
    public void runTwoComponents(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.TWO_COMPONENTS);
    }

    @Then("{word}'s component {int} has a selected pair")
    public void component(String who, int component) {
        assertThat(world.ice.get(who).selected(component)).isNotNull();
        assertThat(world.ice.get(who).selected(component)[0].component()).isEqualTo(component);
    }

    @Then("{word} sent no connectivity checks")
    public void noChecks(String who) {
        String ip = world.locals.get(who).getAddress().getHostAddress();
        assertThat(world.recorder.packets()).noneMatch(c -> {
            StunMessage m = stun(c);
            return m != null && m.isRequest() && m.has(IceAttribute.Priority.class)
                    && c.packet().source().getAddress().getHostAddress().equals(ip);
        });
    }

    /** RFC 6544: both agents gather TCP candidates per base (active, passive, S-O and its reflexive form) besides UDP. */
    @When("{word} and {word} run ICE with TCP candidates")
    public void runWithTcp(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.TCP_CANDIDATES);
    }

    /** RFC 6544: both agents gather TCP candidates per base (active, passive, S-O and its reflexive form), no UDP. */
    @When("{word} and {word} run ICE over TCP only")
    public void runTcpOnly(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.TCP_ONLY);
    }

    /** RFC 6544 §5.2: TCP candidates only, and relayed TCP candidates from TCP allocations (RFC 6062) on the TURN server. */
    @When("{word} and {word} run ICE over TCP only with TCP allocations on the TURN server")
    public void runTcpOnlyWithTcpAllocations(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.TCP_ONLY, RunOption.TCP_ALLOCATIONS);
    }

    /** The same with a relay-only policy: the agents meet on their relayed TCP candidates or not at all. */
    @When("{word} and {word} run ICE over TCP only through TCP allocations on the TURN server, relay-only")
    public void runTcpRelayOnly(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.TCP_ONLY, RunOption.TCP_ALLOCATIONS,
                RunOption.RELAY_ONLY);
    }

    /** The selected pair's candidate types and RFC 6544 directions, e.g. "host active to host passive". */
    @Then("{word}'s selected TCP pair is {word} {word} to {word} {word}")
    public void selectedTcp(String who, String localType, String localDirection, String remoteType,
            String remoteDirection) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).selected(1);
        assertThat(pair).as("%s has a selected pair", who).isNotNull();
        assertThat(pair[0].transport()).as("%s's selected pair's transport", who).isEqualTo(io.icelab.stun.Transport.TCP);
        assertThat(pair[0].type() + " " + pair[0].tcpType() + " to " + pair[1].type() + " " + pair[1].tcpType())
                .as("%s's selected pair", who).isEqualTo(type(localType) + " " + localDirection + " to "
                        + type(remoteType) + " " + remoteDirection);
    }

    @Then("{word}'s selected pair is over {word}")
    public void selectedTransport(String who, String transport) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        assertThat(pair).as(who + "'s selected pair").isNotNull();
        assertThat(pair[0].transport()).isEqualTo(io.icelab.stun.Transport.valueOf(transport));
    }

    /** RFC 6544 §6.2: a TCP pair joins an active and a passive candidate; the active one's port is its connection's. */
    @Then("{word}'s selected pair joins an active and a passive TCP candidate")
    public void activeToPassive(String who) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        assertThat(pair).as(who + "'s selected pair").isNotNull();
        assertThat(java.util.List.of(pair[0].tcpType(), pair[1].tcpType())).containsExactlyInAnyOrder("active", "passive");
    }

    /** RFC 6544 §6.2: every TCP pair formed joins active with passive, or simultaneous-open with its like. */
    @Then("every TCP pair {word} formed joins directions that make a connection")
    public void tcpPairsCompatible(String who) {
        List<IceEvent.Pair> tcp = world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.PairStateChanged c
                        && c.pair().local().transport() == io.icelab.stun.Transport.TCP)
                .map(e -> ((IceEvent.PairStateChanged) e).pair()).distinct().toList();
        assertThat(tcp).as(who + "'s TCP pairs").isNotEmpty().allSatisfy(p -> assertThat(
                io.icelab.ice.TcpType.parse(p.local().tcpType()).pairsWith(io.icelab.ice.TcpType.parse(p.remote().tcpType())))
                .as(p.toString()).isTrue());
        assertThat(tcp).as("no pair of two active candidates").noneMatch(p -> "active".equals(p.local().tcpType())
                && "active".equals(p.remote().tcpType()));
    }

    /** RFC 6544 §7.1: a passive candidate opens no connection, so no check goes from it to a signalled active one. */
    @Then("{word} sent no check from a passive TCP candidate to a signalled active one")
    public void noCheckFromPassive(String who) {
        assertThat(world.ice.get(who).app().events()).as("%s's pairs that went In-Progress", who)
                .noneMatch(e -> e instanceof IceEvent.PairStateChanged c && c.state() == io.icelab.ice.PairState.IN_PROGRESS
                        && "passive".equals(c.pair().local().tcpType()) && c.pair().remote().address().getPort() == 9);
    }

    @When("{word} and {word} run ICE with a relay-only policy")
    public void runRelayOnly(String a, String b) {
        start(a, b, Role.CONTROLLING, Role.CONTROLLED, RunOption.RELAY_ONLY);
    }

    @When("{word} and {word} run ICE both as {word}")
    public void runBoth(String a, String b, String role) {
        Role r = Role.valueOf(role.toUpperCase(Locale.ROOT));
        start(a, b, r, r);
    }

    @Then("{word} and {word} connect within {int} s")
    public void connect(String a, String b, int seconds) {
        IceHost ia = world.ice.get(a);
        IceHost ib = world.ice.get(b);
        long deadline = world.sim().now() + seconds * S;
        assertThat(world.sim().runUntil(() -> ia.connected() && ib.connected(), deadline))
                .as("%s and %s connected by %s s (seed %d)", a, b, SimTime.format(deadline), world.seed).isTrue();
    }

    @Then("ICE fails for {word} and {word} within {int} s")
    public void fails(String a, String b, int seconds) {
        world.sim().runUntil(world.sim().now() + seconds * S);
        assertThat(world.ice.get(a).connected() || world.ice.get(b).connected()).isFalse();
        assertThat(world.ice.get(a).agent().componentState(1, 1)).isEqualTo(ComponentState.FAILED);
        assertThat(world.ice.get(b).agent().componentState(1, 1)).isEqualTo(ComponentState.FAILED);
    }

    /** RFC 8838 §8: no component of the agent went to Failed at any point of the run. */
    @Then("{word}'s checklist never failed")
    public void neverFailed(String who) {
        assertThat(world.ice.get(who).app().events())
                .as("%s's component state changes", who)
                .noneMatch(e -> e instanceof IceEvent.ComponentStateChanged c && c.state() == ComponentState.FAILED);
    }

    @Then("{word}'s selected pair is {word} to {word}")
    public void selected(String who, String local, String remote) {
        var pair = world.ice.get(who).selected(1);
        assertThat(pair).as("%s has a selected pair", who).isNotNull();
        assertThat(pair[0].type()).as("%s local candidate", who).isEqualTo(type(local));
        assertThat(pair[1].type()).as("%s remote candidate", who).isEqualTo(type(remote));
    }

    static CandidateType type(String sdpName) {
        CandidateType t = CandidateType.fromSdp(sdpName);
        if (t == null) {
            throw new IllegalArgumentException("'" + sdpName + "' is not host, srflx, prflx or relay");
        }
        return t;
    }

    @Then("{word}'s connection goes through the relay")
    public void relayed(String who) {
        var pair = world.ice.get(who).selected(1);
        assertThat(pair[0].type() == CandidateType.RELAYED || pair[1].type() == CandidateType.RELAYED).isTrue();
    }

    @Then("{word}'s connection does not go through the relay")
    public void direct(String who) {
        var pair = world.ice.get(who).selected(1);
        assertThat(pair[0].type() != CandidateType.RELAYED && pair[1].type() != CandidateType.RELAYED).isTrue();
    }

    @Then("{word} and {word} end with different roles")
    public void differentRoles(String a, String b) {
        assertThat(world.ice.get(a).agent().role()).isNotEqualTo(world.ice.get(b).agent().role());
    }

    @Then("{word} sent no more than {int} checks before the first success")
    public void checksBeforeSuccess(String who, int max) {
        String ip = world.locals.get(who).getAddress().getHostAddress();
        int checks = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = stun(c);
            if (m == null || !m.method().equals(io.icelab.stun.Method.BINDING)) {
                continue;
            }
            if (m.isRequest() && m.has(IceAttribute.Priority.class)
                    && c.packet().source().getAddress().getHostAddress().equals(ip)) {
                checks++;
            }
            if (m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE && m.has(io.icelab.stun.CoreAttribute.MessageIntegrity.class)
                    && c.packet().destination().getAddress().getHostAddress().equals(ip)) {
                break;
            }
        }
        assertThat(checks).isBetween(1, max);
    }

    static StunMessage stun(Recorder.Captured c) {
        try {
            return StunDecoder.decode(c.packet().payload());
        } catch (StunDecodeException e) {
            return null;
        }
    }

    /** RFC 8445 §9 with §6.1.1: a restart keeps the roles. */
    @Then("{word} is still {word}")
    public void stillRole(String who, String role) {
        assertThat(world.ice.get(who).agent().role()).isEqualTo(Role.valueOf(role.toUpperCase(Locale.ROOT)));
    }

    @When("the simulation runs for {int} s")
    public void runFor(int seconds) {
        world.sim().runUntil(world.sim().now() + seconds * S);
    }
}
