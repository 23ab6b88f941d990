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
import io.icelab.sim.Interface;
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
    /** When the last ICE restart of the scenario happened, if one did. */
    private java.util.OptionalLong restartAt = java.util.OptionalLong.empty();

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
        LITE_PEER
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

    /** RFC 8445 §5.1.1.1: no host candidate on any of these addresses. */
    @Then("{word} gathered no host candidate on {string}")
    public void noCandidateOn(String who, String list) {
        java.util.Set<java.net.InetAddress> banned = new java.util.HashSet<>();
        for (String s : list.split(",\\s*")) {
            banned.add(io.icelab.stun.IpLiteral.parse(s.trim()));
        }
        List<IceEvent.CandidateGathered> all = world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered).map(e -> (IceEvent.CandidateGathered) e).toList();
        assertThat(all).as("%s's candidates", who).isNotEmpty()
                .noneMatch(g -> banned.contains(g.candidate().address().getAddress()));
    }

    /** RFC 8445 §5.1.1.1: a host candidate for WHO's own address, in every component. */
    @Then("{word} gathered a host candidate on its own address in every component")
    public void ownHost(String who) {
        java.net.InetAddress me = world.locals.get(who).getAddress();
        int components = (int) world.ice.get(who).app().events().stream().filter(e -> e instanceof IceEvent.CandidateGathered)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate().component()).distinct().count();
        assertThat(components).as("components %s gathered for", who).isPositive();
        for (int c = 1; c <= components; c++) {
            int comp = c;
            assertThat(world.ice.get(who).app().events()).as("%s's host candidate for component %d", who, c)
                    .anyMatch(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().component() == comp
                            && g.candidate().type() == CandidateType.HOST && g.candidate().address().getAddress().equals(me));
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

    /** RFC 8445 §5.1.2.1: the priority the agent gathered a candidate with, read from its events. */
    @Then("{word}'s {word} candidate for component {int} has priority {long}")
    public void priority(String who, String type, int component, long priority) {
        CandidateType t = type(type);
        var gathered = world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().type() == t
                        && g.candidate().component() == component)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate().priority())
                .toList();
        assertThat(gathered).as("%s's %s candidates for component %d", who, type, component).isNotEmpty();
        assertThat(gathered).as("their priorities").containsOnly(priority);
    }

    /** RFC 8445 §5.1.3: how many candidates of a type the agent gathered (redundant ones are not). */
    @Then("{word} gathered {int} {word} candidate(s)")
    public void gathered(String who, int count, String type) {
        CandidateType t = type(type);
        assertThat(world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().type() == t).count())
                .as("%s's %s candidates", who, type).isEqualTo(count);
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
        long deadline = world.sim().now() + seconds * S;
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

    /**
     * RFC 8445 §5.1.2 and §5.1.2.1: every candidate WHO gathered has a priority in 1..2^31-1, unique in its stream;
     * it decomposes into a type preference 0..126, a local preference 0..65535 (distinct among candidates of one
     * type and component) and 256 minus a component id in 1..256.
     */
    @Then("{word}'s candidates have unique, well-formed priorities")
    public void wellFormedPriorities(String who) {
        java.util.Set<Long> priorities = new java.util.TreeSet<>();
        java.util.Set<String> localPrefs = new java.util.TreeSet<>();
        int n = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (!(e instanceof IceEvent.CandidateGathered g)) {
                continue;
            }
            n++;
            long p = g.candidate().priority();
            assertThat(p).as("priority of %s", g.candidate()).isBetween(1L, (1L << 31) - 1);
            assertThat(priorities.add(p)).as("priority %d of %s is unique", p, g.candidate()).isTrue();
            long type = p >> 24;
            long local = (p >> 8) & 0xffff;
            long component = 256 - (p & 0xff);
            assertThat(type).as("type preference of %s", g.candidate()).isBetween(0L, 126L);
            assertThat(component).as("component of %s", g.candidate()).isBetween(1L, 256L)
                    .isEqualTo(g.candidate().component());
            assertThat(localPrefs.add(type + "/" + component + "/" + local)).as("local preference %d of %s is unique for"
                    + " its type and component", local, g.candidate()).isTrue();
        }
        assertThat(n).as("candidates %s gathered", who).isPositive();
    }

    /** After WHO closes its ICE session, nothing leaves WHO's NAT (no checks, consent or keepalives) for N s. */
    @Then("nothing left {word}'s NAT in the {int} s after {word} closed ICE")
    public void silentAfterClose(String natOwner, int seconds, String who) {
        long closedAt = world.sim().now();
        world.sim().runUntil(closedAt + seconds * S);
        String external = NetworkSteps.ip("203.0.113." + NetworkSteps.number(natOwner)).getHostAddress();
        long after = world.recorder.packets().stream().filter(c -> c.timeNanos() > closedAt
                && c.realm().equals("internet") && c.packet().source().getAddress().getHostAddress().equals(external))
                .count();
        assertThat(after).as("packets from %s's NAT in the %d s after %s closed ICE", natOwner, seconds, who).isZero();
    }

    /** RFC 8445 §9 with §6.1.1: a restart keeps the roles. */
    @Then("{word} is still {word}")
    public void stillRole(String who, String role) {
        assertThat(world.ice.get(who).agent().role()).isEqualTo(Role.valueOf(role.toUpperCase(Locale.ROOT)));
    }

    /**
     * RFC 8838 §14: a candidate of FROM reaches TO after FROM's end-of-candidates (a misbehaving signalling
     * channel); TO must ignore it.
     */
    @When("{word} gets a host candidate {string} of {word} at {int} ms, after its end-of-candidates")
    public void lateCandidate(String to, String address, String from, int ms) {
        IceHost h = world.ice.get(to);
        io.icelab.ice.Candidate c = io.icelab.ice.Candidate.remote("late", 1, 2130706431L,
                NetworkSteps.at(address.split(":")[0], Integer.parseInt(address.split(":")[1])), CandidateType.HOST, null);
        long at = ms * 1_000_000L;
        boolean[] ready = new boolean[1];
        h.app().at(at, "late candidate", () -> {
            // the claim is about a checklist still running: end-of-candidates in, nothing selected yet
            ready[0] = h.agent().remoteEndOfCandidates(1) && h.agent().selectedPair(1, 1) == null;
            h.agent().addRemoteCandidate(world.sim().now(), 1, c);
        });
        world.sim().runUntil(at + 2 * S);
        assertThat(ready[0]).as("at %d ms %s had %s's end-of-candidates and no selected pair", ms, to, from).isTrue();
    }

    @Then("{word} formed no pair with {string}")
    public void noPairWith(String who, String address) {
        assertThat(world.ice.get(who).app().events()).noneMatch(e -> e instanceof IceEvent.PairStateChanged p
                && io.icelab.stun.TransportAddresses.format(p.pair().remote().address()).equals(address));
    }

    /**
     * RFC 8838 §13: once WHO's gathering is complete (end-of-candidates) and once a pair is selected, WHO's agent
     * reports no further candidate to signal (until a restart).
     */
    @Then("{word} gathered no candidate after its gathering completed or its pair was selected")
    public void noLateGathering(String who) {
        boolean closed = false;
        int candidates = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.GatheringComplete || e instanceof IceEvent.SelectedPairChanged) {
                closed = true;
            } else if (e instanceof IceEvent.CandidateGathered g) {
                candidates++;
                assertThat(closed).as("%s gathered %s after end-of-candidates or selection", who, g.candidate()).isFalse();
            }
        }
        assertThat(candidates).as("candidates %s gathered", who).isPositive();
    }

    /** RFC 7675 §5.1: before a pair is selected (consent), WHO's agent sends no data: send() refuses. */
    @Then("{word}'s agent refuses to send data before a pair is selected")
    public void noDataBeforeConsent(String who) {
        IceHost h = world.ice.get(who);
        assertThat(h.agent().selectedPair(1, 1)).as("%s has no selected pair yet", who).isNull();
        boolean sent = h.agent().send(1, 1, "too early".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent).as("%s's agent accepted data with no selected pair", who).isFalse();
    }

    /**
     * RFC 8445 §5.1.1.2, §5.1.2.2: WHO allocated on each of N TURN servers, and the relayed candidates of a
     * component have distinct priorities (distinct local preferences).
     */
    @Then("{word} gathered a relayed candidate on each of {int} TURN servers, with distinct priorities")
    public void relaysFromEach(String who, int n) {
        List<io.icelab.ice.Candidate> relayed = world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().type() == CandidateType.RELAYED)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate()).toList();
        for (int c : relayed.stream().map(io.icelab.ice.Candidate::component).distinct().toList()) {
            List<io.icelab.ice.Candidate> mine = relayed.stream().filter(x -> x.component() == c).toList();
            assertThat(mine.stream().map(x -> x.address().getAddress()).distinct().count())
                    .as("TURN servers of %s's relayed candidates for component %d", who, c).isEqualTo(n);
            assertThat(mine.stream().map(io.icelab.ice.Candidate::priority).distinct().count())
                    .as("distinct priorities of %s's relayed candidates %s", who, mine).isEqualTo(mine.size());
        }
        assertThat(relayed).as("%s's relayed candidates", who).isNotEmpty();
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
        world.sim().runUntil(() -> selection.get().isPresent(), world.sim().now() + seconds * S);
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
                && ib.agent().componentState(1, 1) == ComponentState.CONNECTED, world.sim().now() + seconds * S))
                .isTrue();
    }

    @When("{word} sends {string} to {word}")
    public void send(String from, String text, String to) {
        IceHost h = world.ice.get(from);
        h.app().at(world.sim().now(), "send", () -> h.agent().send(1, 1, text.getBytes()));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @Then("{word} receives {string}")
    public void receives(String who, String text) {
        assertThat(world.ice.get(who).app().events()).anyMatch(e -> e instanceof IceEvent.DataReceived d
                && d.data().utf8().equals(text));
    }

    @When("the simulation runs for {int} s")
    public void runFor(int seconds) {
        world.sim().runUntil(world.sim().now() + seconds * S);
    }
}
