package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceEvent;
import io.icelab.sim.IceHost;
import java.util.List;

/**
 * The candidates ICE agents gathered and signalled, checked against RFC 8445 §5.1 (which bases, priorities, relays on
 * every TURN server), RFC 8838 (nothing after the end of gathering, late candidates) and the pairs they form.
 */
public final class IceCandidateSteps {
    private final World world;

    public IceCandidateSteps(World world) {
        this.world = world;
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

    /** RFC 8445 §5.1.2.1: the priority the agent gathered a candidate with, read from its events. */
    @Then("{word}'s {word} candidate for component {int} has priority {long}")
    public void priority(String who, String type, int component, long priority) {
        CandidateType t = IceSteps.type(type);
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
        CandidateType t = IceSteps.type(type);
        assertThat(world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().type() == t).count())
                .as("%s's %s candidates", who, type).isEqualTo(count);
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
        world.sim().runUntil(at + 2 * IceSteps.S);
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

    /** RFC 6544 §4.5: an active TCP candidate is signalled with port 9; its connections come from other ports. */
    /** RFC 6544 §4.5 for a relayed candidate (§5.2): the active one is signalled on port 9 too, on the relayed IP. */
    @Then("{word} gathered an active relayed TCP candidate on port 9")
    public void activeRelayedOnPort9(String who) {
        assertThat(world.ice.get(who).app().events()).as(who + "'s candidates")
                .anyMatch(e -> e instanceof IceEvent.CandidateGathered g
                        && g.candidate().type() == io.icelab.ice.CandidateType.RELAYED
                        && g.candidate().transport() == io.icelab.stun.Transport.TCP
                        && "active".equals(g.candidate().tcpType()) && g.candidate().address().getPort() == 9
                        && g.candidate().address().getAddress().equals(g.candidate().base().getAddress()));
    }

    @Then("{word} gathered an active TCP candidate on port 9")
    public void activeOnPort9(String who) {
        assertThat(world.ice.get(who).app().events()).as(who + "'s candidates")
                .anyMatch(e -> e instanceof IceEvent.CandidateGathered g
                        && g.candidate().transport() == io.icelab.stun.Transport.TCP
                        && "active".equals(g.candidate().tcpType()) && g.candidate().address().getPort() == 9);
    }

    /**
     * RFC 6544 §4.2: the local preference of each TCP candidate holds its direction-pref in its top three bits:
     * host active 6, passive 4, S-O 2; server-reflexive S-O 6, active 4, passive 2. At least one candidate of each
     * kind gathered must be there: host active, passive and S-O, and a server-reflexive S-O one.
     */
    @Then("{word}'s TCP candidates carry RFC 6544's direction preferences")
    public void directionPreferences(String who) {
        java.util.Map<String, Integer> expected = java.util.Map.of("host active", 6, "host passive", 4, "host so", 2,
                "srflx so", 6, "srflx active", 4, "srflx passive", 2);
        List<io.icelab.ice.Candidate> tcp = world.ice.get(who).app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().transport() == io.icelab.stun.Transport.TCP)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate()).toList();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (io.icelab.ice.Candidate c : tcp) {
            String kind = c.type().sdpName() + " " + c.tcpType();
            kinds.add(kind);
            long localPref = c.priority() >> 8 & 0xffff;
            assertThat(localPref >> 13).as("direction-pref of %s's %s candidate %s", who, kind, c)
                    .isEqualTo(expected.get(kind).longValue());
        }
        assertThat(kinds).as("%s's TCP candidate kinds", who).contains("host active", "host passive", "host so",
                "srflx so");
    }
}
