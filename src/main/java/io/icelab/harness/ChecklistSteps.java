package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.ice.Candidate;
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
    @Then("every pair {word} formed joins candidates of one component and one address family")
    public void pairsPerComponent(String who) {
        Map<String, Integer> component = new TreeMap<>();
        world.ice.keySet().forEach(h -> gathered(h).forEach(c -> component.put(TransportAddresses.format(c.address()),
                c.component())));
        int checked = 0;
        for (IceEvent e : world.ice.get(who).app().events()) {
            if (!(e instanceof IceEvent.PairStateChanged p) || p.pair().contains("prflx:")) {
                continue;
            }
            String[] sides = p.pair().split(" -> ");
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
}
