package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceEvent;
import io.icelab.stun.TransportAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an agent's candidates and pairs look like (RFC 8445 §5.1.1.3, §6.1.2.2), from its events. */
public final class ChecklistSteps {
    private final World world;

    public ChecklistSteps(World world) {
        this.world = world;
    }

    private List<Candidate> gathered(String who) {
        List<Candidate> out = new ArrayList<>();
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.CandidateGathered g) {
                out.add(g.candidate());
            }
        }
        assertThat(out).as("%s's gathered candidates", who).isNotEmpty();
        return out;
    }

    /**
     * RFC 8445 §5.1.1.3: two candidates share a foundation exactly when they have the same type, base IP
     * address, transport (and STUN/TURN server: there is one of each here).
     */
    @Then("{word}'s candidates share a foundation exactly when type, base address and transport match")
    public void foundations(String who) {
        List<Candidate> all = gathered(who);
        for (Candidate a : all) {
            for (Candidate b : all) {
                boolean alike = a.type() == b.type() && a.transport() == b.transport()
                        && a.base().getAddress().equals(b.base().getAddress());
                assertThat(a.foundation().equals(b.foundation())).as("%s and %s", a, b).isEqualTo(alike);
            }
        }
    }

    /**
     * RFC 8445 §6.1.2.2: every pair WHO formed joins a local and a remote candidate of the same component
     * and address family. Components are known from both agents' gathered candidates; pairs with a
     * peer-reflexive side (an address learnt from a check) are skipped.
     */
    /**
     * RFC 8838 §10: a local candidate is paired only once it could be trickled: the agent reported it
     * (CandidateGathered, which the application signals at once) before any pair with it. Peer-reflexive local
     * candidates, which are never signalled, are left out.
     */
    @Then("every pair {word} formed has a local candidate {word} had reported before")
    public void pairedAfterReported(String who, String same) {
        java.util.Set<String> reported = new java.util.TreeSet<>();
        int pairs = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.CandidateGathered g) {
                reported.add(g.candidate().type().sdpName() + ":" + TransportAddresses.format(g.candidate().address()));
            } else if (e instanceof IceEvent.PairStateChanged p && p.pair().local().type() != CandidateType.PEER_REFLEXIVE) {
                pairs++;
                String local = p.pair().toString().split(" -> ")[0];
                assertThat(reported).as("pair %s: its local candidate was reported first", p.pair()).contains(local);
            }
        }
        assertThat(pairs).as("pairs %s formed", who).isPositive();
    }

    /**
     * RFC 8838 §10, §13: each candidate is reported as soon as it is gathered (a host candidate at the start,
     * a server-reflexive one when its Binding answer arrives), and gathering complete (the cue for
     * end-of-candidates) after the last of them.
     */
    @Then("{word}'s agent reported each candidate as it was gathered, then end-of-candidates")
    public void reportedAsGathered(String who) {
        List<IceEvent> events = world.ice.get(who).app().events();
        int last = -1;
        int complete = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof IceEvent.CandidateGathered) {
                last = i;
            } else if (events.get(i) instanceof IceEvent.GatheringComplete && complete < 0) {
                complete = i;
            }
        }
        assertThat(last).as("%s reported candidates", who).isNotNegative();
        assertThat(complete).as("%s reported gathering complete after its last candidate", who).isGreaterThan(last);
        List<Long> reported = world.sim().log().entries().stream()
                .filter(en -> en.line().contains(who + ":ice: CandidateGathered") && en.line().contains("srflx"))
                .map(io.icelab.sim.EventLog.Entry::time).toList();
        assertThat(reported).as("server-reflexive candidates %s reported", who).isNotEmpty();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        String realm = world.sim().host(who).iface(0).realm().name();
        List<Long> answers = world.recorder.packets().stream().filter(c -> c.realm().equals(realm)
                && c.packet().destination().getAddress().equals(me)
                && c.packet().source().equals(NetworkSteps.STUN)).map(Recorder.Captured::timeNanos).toList();
        for (long r : reported) {
            assertThat(answers).as("a STUN answer to %s within 20 ms (one link) before it reported a server-reflexive candidate (%s s)", who,
                    io.icelab.sim.SimTime.format(r)).anyMatch(a -> a <= r && r - a <= 20 * io.icelab.sim.SimTime.MS);
        }
    }

    /** RFC 8838 §17: no candidate of a component is reported before one of every lower-numbered component. */
    @Then("{word} reported no candidate of a component before one of the components below it")
    public void componentOrder(String who) {
        int highest = 0;
        int seen = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.CandidateGathered g) {
                seen++;
                assertThat(g.candidate().component()).as("candidate %s", g.candidate()).isLessThanOrEqualTo(highest + 1);
                highest = Math.max(highest, g.candidate().component());
            }
        }
        assertThat(highest).as("components %s gathered for", who).isGreaterThan(1);
        assertThat(seen).isPositive();
    }

    /** RFC 8445 §5.2: what a lite agent gathers: one candidate per address and component, type preference 126, local 65535. */
    @Then("{word} has one host candidate per address and component, with type preference 126 and local preference 65535")
    public void liteCandidates(String who) {
        List<Candidate> all = gathered(who);
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Candidate c : all) {
            assertThat(c.type()).as("%s", c).isEqualTo(io.icelab.ice.CandidateType.HOST);
            assertThat(keys.add(c.address().getAddress().getHostAddress() + "/" + c.component()))
                    .as("one candidate per IP address and component: %s", c).isTrue();
            assertThat(c.priority() >> 24).as("type preference of %s", c).isEqualTo(126);
            assertThat(c.priority() >> 8 & 0xffff).as("local preference of %s", c).isEqualTo(65535);
        }
    }

    /** RFC 8445 §5.1.1.1, §5.2: without RTCP multiplexing, a candidate for each of the N components. */
    @Then("{word} gathered a candidate for each of {int} components")
    public void perComponent(String who, int n) {
        assertThat(gathered(who).stream().map(Candidate::component).distinct().sorted().toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
    }

    /**
     * RFC 8445 §6.1.2.5: replayed from WHO's events (a checklist pair, whose local side is a host or relayed
     * candidate after pruning, counts from its first event until it is dropped), the
     * checklist never holds more than {@code n} pairs before the first selection, and at least one pair was
     * dropped to keep it so.
     */
    @Then("{word}'s checklist never held more than {int} pairs, dropping some to stay within")
    public void limited(String who, int n) {
        java.util.Set<String> live = new java.util.TreeSet<>();
        int drops = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.SelectedPairChanged) {
                break;
            } else if (e instanceof IceEvent.PairStateChanged p && p.pair().local().type() != CandidateType.SERVER_REFLEXIVE
                    && p.pair().local().type() != CandidateType.PEER_REFLEXIVE) {
                live.add(p.pair().toString()); // a reflexive local side is a valid pair built from an answer, not a checklist entry
            } else if (e instanceof IceEvent.PairDropped d) {
                drops++;
                live.remove(d.pair().toString());
            }
            assertThat(live.size()).as("pairs in %s's checklist after %s", who, e).isLessThanOrEqualTo(n);
        }
        assertThat(drops).as("pairs %s dropped for room", who).isPositive();
    }

    /**
     * RFC 8838 §10, §11: a full checklist makes room by dropping a Failed pair if it has one, else the
     * lowest-priority pair still to check (Frozen or Waiting).
     */
    @Then("every pair {word} dropped for room was a Failed one, or else the lowest-priority one still to check")
    public void dropOrder(String who) {
        Map<String, io.icelab.ice.PairState> state = new java.util.TreeMap<>();
        int drops = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.PairStateChanged p) {
                state.put(p.pair().toString(), p.state());
            } else if (e instanceof IceEvent.PairDropped d) {
                drops++;
                state.remove(d.pair().toString());
                if (d.state() != io.icelab.ice.PairState.FAILED) {
                    assertThat(state).as("a pair %s dropped (%s) while a Failed one stayed", d.pair(), d.state())
                            .doesNotContainValue(io.icelab.ice.PairState.FAILED);
                    assertThat(d.state()).isIn(io.icelab.ice.PairState.FROZEN, io.icelab.ice.PairState.WAITING);
                }
            }
        }
        assertThat(drops).as("pairs %s dropped for room", who).isPositive();
    }

    /**
     * RFC 8445 §6.1.2.3 and RFC 8838 §10: each pair WHO dropped for room carried the pair priority of the formula
     * (G the controlling agent's candidate priority, D the controlled one's) and, if it was not Failed, no pair
     * still to check had a lower one. Priorities come from the candidates both agents reported.
     */
    @Then("every pair {word} dropped for room had the RFC 8445 pair priority and the lowest of those still to check")
    public void droppedLowest(String who) {
        Map<String, Long> prio = new TreeMap<>();
        world.ice.keySet().forEach(h -> gathered(h).forEach(c -> prio.put(c.type().sdpName() + ":"
                + TransportAddresses.format(c.address()), c.priority())));
        boolean controlling = world.ice.get(who).agent().role() == io.icelab.ice.Role.CONTROLLING;
        Map<String, io.icelab.ice.PairState> state = new TreeMap<>();
        int checked = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.PairStateChanged p) {
                state.put(p.pair().toString(), p.state());
            } else if (e instanceof IceEvent.PairDropped d) {
                state.remove(d.pair().toString());
                Long want = pairPriority(d.pair().toString(), prio, controlling);
                if (want == null) {
                    continue;
                }
                checked++;
                assertThat(d.priority()).as("priority of the dropped pair %s", d.pair()).isEqualTo(want);
                if (d.state() != io.icelab.ice.PairState.FAILED) {
                    state.forEach((pair, st) -> {
                        Long other = pairPriority(pair, prio, controlling);
                        if (other != null && (st == io.icelab.ice.PairState.FROZEN || st == io.icelab.ice.PairState.WAITING)) {
                            assertThat(other).as("pair %s still to check, beside the dropped %s", pair, d.pair())
                                    .isGreaterThanOrEqualTo(d.priority());
                        }
                    });
                }
            }
        }
        assertThat(checked).as("dropped pairs of %s with known candidates", who).isPositive();
    }

    private static Long pairPriority(String pair, Map<String, Long> prio, boolean controlling) {
        String[] sides = pair.split(" -> ");
        Long local = prio.get(sides[0]);
        Long remote = prio.get(sides[1]);
        if (local == null || remote == null) {
            return null;
        }
        long g = controlling ? local : remote;
        long d = controlling ? remote : local;
        return (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }

    @Then("every pair {word} formed joins candidates of one component and one address family")
    public void pairsPerComponent(String who) {
        Map<String, Integer> component = new TreeMap<>();
        world.ice.keySet().forEach(h -> gathered(h).forEach(c -> component.put(TransportAddresses.format(c.address()),
                c.component())));
        int checked = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (!(e instanceof IceEvent.PairStateChanged p) || (p.pair().local().type() == CandidateType.PEER_REFLEXIVE || p.pair().remote().type() == CandidateType.PEER_REFLEXIVE)) {
                continue;
            }
            String[] sides = p.pair().toString().split(" -> ");
            String local = sides[0].substring(sides[0].indexOf(':') + 1);
            String remote = sides[1].substring(sides[1].indexOf(':') + 1);
            Integer lc = component.get(local);
            Integer rc = component.get(remote);
            if (lc == null || rc == null) {
                continue;
            }
            checked++;
            assertThat(lc).as("pair %s", p.pair()).isEqualTo(rc);
            assertThat(local.startsWith("[")).as("pair %s: one address family", p.pair()).isEqualTo(remote.startsWith("["));
        }
        assertThat(checked).as("pairs of %s with known components", who).isPositive();
    }

    /** "type:ip:port" of every candidate either agent gathered → its foundation. */
    private Map<String, String> foundations() {
        Map<String, String> foundation = new TreeMap<>();
        world.ice.keySet().forEach(h -> gathered(h).forEach(c -> foundation.put(c.type().sdpName() + ":"
                + TransportAddresses.format(c.address()), c.foundation())));
        return foundation;
    }

    /** A pair's foundation ("local:remote"), or null when a side is a candidate nobody signalled (prflx). */
    private static String pairFoundation(String pair, Map<String, String> foundations) {
        String[] sides = pair.split(" -> ");
        String lf = foundations.get(sides[0]);
        String rf = foundations.get(sides[1]);
        return lf == null || rf == null ? null : lf + ":" + rf;
    }

    /**
     * RFC 8445 §6.1.2.6 (as RFC 8838 §9 applies it to pairs formed one by one): a new pair starts Waiting
     * unless a pair of the same foundation (local and remote candidate foundations) is already Waiting or
     * In-Progress; then it starts Frozen. Replayed from WHO's pair events; pairs with a peer-reflexive side
     * (whose foundation the peer did not signal) and valid pairs built from a check's answer (§7.2.5.3.2,
     * never Frozen or Waiting) are left out.
     */
    @Then("every pair {word} formed started Waiting unless its foundation was already being checked")
    public void initialStates(String who) {
        Map<String, String> foundation = foundations();
        Map<String, io.icelab.ice.PairState> state = new java.util.LinkedHashMap<>();
        Map<String, String> pairFoundation = new TreeMap<>();
        int formed = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.ComponentStateChanged || e instanceof IceEvent.GatheringComplete) {
                continue;
            }
            if (!(e instanceof IceEvent.PairStateChanged p)) {
                continue;
            }
            String f = pairFoundation(p.pair().toString(), foundation);
            if (f == null) {
                continue;
            }
            boolean initial = p.state() == io.icelab.ice.PairState.FROZEN || p.state() == io.icelab.ice.PairState.WAITING;
            if (!state.containsKey(p.pair().toString()) && initial) {
                formed++;
                boolean active = state.entrySet().stream().anyMatch(x -> f.equals(pairFoundation.get(x.getKey()))
                        && (x.getValue() == io.icelab.ice.PairState.WAITING
                        || x.getValue() == io.icelab.ice.PairState.IN_PROGRESS));
                assertThat(p.state()).as("pair %s formed while its foundation was %s", p.pair(),
                        active ? "being checked" : "idle")
                        .isEqualTo(active ? io.icelab.ice.PairState.FROZEN : io.icelab.ice.PairState.WAITING);
                pairFoundation.put(p.pair().toString(), f);
            }
            state.put(p.pair().toString(), p.state());
        }
        assertThat(formed).as("pairs %s formed", who).isPositive();
    }

    /**
     * RFC 8445 §7.2.5.3.3: when a check succeeds, the Frozen pairs of its foundation become Waiting at once: in
     * WHO's event order, each pair of that foundation that was Frozen at the success goes to Waiting next (not
     * straight to In-Progress, which is how a Frozen pair is checked when nothing unfroze it). At least one such
     * pair must have been Frozen at a success, or the scenario shows nothing.
     */
    @Then("no pair {word} formed stayed Frozen after a pair of its foundation succeeded")
    public void unfrozen(String who) {
        Map<String, String> foundation = foundations();
        Map<String, io.icelab.ice.PairState> state = new java.util.LinkedHashMap<>();
        Map<String, String> pairFoundation = new TreeMap<>();
        java.util.Set<String> owed = new java.util.TreeSet<>(); // pairs that must go to Waiting next
        int unfrozen = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            String f = e instanceof IceEvent.PairStateChanged p ? pairFoundation(p.pair().toString(), foundation) : null;
            if (f == null) {
                continue;
            }
            IceEvent.PairStateChanged p = (IceEvent.PairStateChanged) e;
            if (owed.remove(p.pair().toString())) {
                assertThat(p.state()).as("%s, Frozen when a pair of its foundation succeeded, next became", p.pair())
                        .isEqualTo(io.icelab.ice.PairState.WAITING);
                unfrozen++;
            }
            pairFoundation.put(p.pair().toString(), f);
            state.put(p.pair().toString(), p.state());
            if (p.state() == io.icelab.ice.PairState.SUCCEEDED) {
                state.forEach((pair, st) -> {
                    if (st == io.icelab.ice.PairState.FROZEN && f.equals(pairFoundation.get(pair))) {
                        owed.add(pair);
                    }
                });
            }
        }
        assertThat(owed).as("pairs still Frozen after a pair of their foundation succeeded").isEmpty();
        assertThat(unfrozen).as("pairs of %s unfrozen by a success", who).isPositive();
    }

    /**
     * RFC 8445 §6.1.2.4: a pair with a server-reflexive local candidate is replaced by one with its base,
     * so no pair WHO formed has a server-reflexive (or peer-reflexive) local side.
     */
    @Then("no pair {word} formed has a reflexive local candidate")
    public void pruned(String who) {
        int formed = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.PairStateChanged p && (p.state() == io.icelab.ice.PairState.FROZEN
                    || p.state() == io.icelab.ice.PairState.WAITING)) {
                formed++;
                assertThat(p.pair().local().type()).as("a formed pair's local side: %s", p.pair())
                        .isNotIn(CandidateType.SERVER_REFLEXIVE, CandidateType.PEER_REFLEXIVE);
            }
        }
        assertThat(formed).isPositive();
    }

    /**
     * RFC 8838 §11: a candidate that is already known adds nothing: no pair of WHO goes back to Frozen or
     * Waiting once it was checked (in a run without role conflicts, where a 487 would legitimately do so); the one
     * legitimate way back is In-Progress → Waiting when the peer's check arrives first (RFC 8445 §7.3.1.4).
     */
    @Then("no pair {word} formed was formed again")
    public void notTwice(String who) {
        Map<String, io.icelab.ice.PairState> last = new TreeMap<>();
        int pairs = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof IceEvent.PairStateChanged p) {
                io.icelab.ice.PairState before = last.put(p.pair().toString(), p.state());
                boolean fresh = p.state() == io.icelab.ice.PairState.FROZEN || p.state() == io.icelab.ice.PairState.WAITING;
                if (before == null) {
                    pairs++;
                } else if (fresh && !(before == io.icelab.ice.PairState.IN_PROGRESS
                        && p.state() == io.icelab.ice.PairState.WAITING)) {
                    assertThat(before).as("pair %s back to %s", p.pair(), p.state())
                            .isIn(io.icelab.ice.PairState.FROZEN, io.icelab.ice.PairState.WAITING);
                }
            }
        }
        assertThat(pairs).isPositive();
    }
}
