package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.sim.SimTime;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.MessageClass;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TransportAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connectivity checks as the wire shows them, for the rules of RFC 8445 §7.2-§7.3 that concern each
 * check and its answer: STUN as RFC 8489 defines it, the USERNAME's form, answering at once, and the
 * repeated check after a role conflict.
 */
public final class IceRulesSteps {
    private final World world;

    public IceRulesSteps(World world) {
        this.world = world;
    }

    private record Seen(Recorder.Captured captured, StunMessage message) {
    }

    /** Checks (Binding requests with PRIORITY) and every answer to them, each as first captured. */
    private List<Seen> checksAndAnswers() {
        Map<String, Seen> requests = new TreeMap<>();
        List<Seen> out = new ArrayList<>();
        java.util.Set<String> answered = new java.util.TreeSet<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.method().equals(io.icelab.stun.Method.BINDING)) {
                continue;
            }
            String tid = m.transactionId().toString();
            if (m.isRequest() && m.has(IceAttribute.Priority.class)) {
                if (requests.putIfAbsent(tid + c.timeNanos(), new Seen(c, m)) == null) {
                    out.add(new Seen(c, m));
                }
            } else if (m.isResponse() && out.stream().anyMatch(s -> s.message().transactionId().equals(m.transactionId()))
                    && answered.add(tid + c.timeNanos())) {
                out.add(new Seen(c, m));
            }
        }
        return out;
    }

    /**
     * RFC 8445 §7 (RFC 8489 applies), §7.2.4 and §7.3: checks and their answers carry the magic cookie,
     * successes carry XOR-MAPPED-ADDRESS and not the RFC 3489 MAPPED-ADDRESS, and no answer redirects.
     */
    @Then("every connectivity check and its answer on the wire is RFC 8489 STUN, with no redirect and no RFC 3489 form")
    public void modernStun() {
        List<Seen> all = checksAndAnswers();
        assertThat(all).as("checks and answers on the wire").anyMatch(s -> s.message().isResponse());
        for (Seen s : all) {
            StunMessage m = s.message();
            assertThat(m.isClassic()).as("%s: magic cookie", s.captured().packet()).isFalse();
            assertThat(m.has(CoreAttribute.AlternateServer.class)).as("%s: ALTERNATE-SERVER", s.captured().packet()).isFalse();
            if (m.messageClass() == MessageClass.SUCCESS_RESPONSE) {
                assertThat(m.has(CoreAttribute.XorMappedAddress.class)).as("%s: XOR-MAPPED-ADDRESS", s.captured().packet())
                        .isTrue();
                assertThat(m.has(CoreAttribute.MappedAddress.class)).as("%s: MAPPED-ADDRESS", s.captured().packet())
                        .isFalse();
            }
        }
    }

    /** RFC 8445 §7.2.2, §7.3: a check's USERNAME is the receiver's ufrag, a colon, and the sender's ufrag. */
    @Then("every connectivity check's USERNAME is the receiver's ufrag, a colon and the sender's ufrag")
    public void usernames() {
        Map<String, String> ufragOfHost = new TreeMap<>();
        world.ice.forEach((who, h) -> ufragOfHost.put(who, h.agent().localUfrag()));
        int n = 0;
        for (Seen s : checksAndAnswers()) {
            if (!s.message().isRequest()) {
                continue;
            }
            String sender = null;
            for (String who : world.ice.keySet()) {
                if (s.captured().realm().equals(world.sim().host(who).iface(0).realm().name())
                        && s.captured().packet().source().getAddress().equals(world.locals.get(who).getAddress())) {
                    sender = who;
                }
            }
            if (sender == null) {
                continue; // seen beyond the sender's own link
            }
            String username = s.message().attribute(CoreAttribute.Username.class).value().utf8();
            String[] parts = username.split(":", -1);
            assertThat(parts).as("USERNAME %s", username).hasSize(2);
            assertThat(parts[1]).as("USERNAME %s of a check from %s", username, sender).isEqualTo(ufragOfHost.get(sender));
            String mine = ufragOfHost.get(sender);
            assertThat(ufragOfHost.values()).as("USERNAME %s: the left part is the peer's ufrag", username)
                    .contains(parts[0]);
            assertThat(parts[0]).as("USERNAME %s: the left part is not the sender's own ufrag", username)
                    .isNotEqualTo(mine);
            n++;
        }
        assertThat(n).as("checks seen on their sender's link").isPositive();
    }

    /** RFC 8445 §7.3: a check is answered at once, with or without the peer's candidates known. */
    @Then("every check that reached {word} was answered within {int} ms")
    public void answeredAtOnce(String who, int ms) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        Map<String, Long> arrived = new TreeMap<>();
        int answered = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !c.realm().equals(realm)) {
                continue;
            }
            String tid = m.transactionId().toString();
            if (m.isRequest() && m.has(IceAttribute.Priority.class) && c.packet().destination().getAddress().equals(me)) {
                arrived.putIfAbsent(tid, c.timeNanos());
            } else if (m.isResponse() && c.packet().source().getAddress().equals(me) && arrived.containsKey(tid)) {
                answered++;
                assertThat(c.timeNanos() - arrived.get(tid)).as("answer to check %s", tid)
                        .isLessThanOrEqualTo(ms * SimTime.MS);
                arrived.put(tid, Long.MIN_VALUE / 2); // answered: later retransmissions have their own answers
            }
        }
        assertThat(answered).as("checks %s answered", who).isPositive();
        arrived.forEach((tid, t) -> assertThat(t).as("check %s that reached %s at %s s unanswered", tid, who,
                SimTime.format(t)).isLessThan(world.sim().now() - 1000 * SimTime.MS));
    }

    /**
     * RFC 8445 §7.2.5.1: a check answered 487 is sent again (a new transaction, the other role attribute) on the
     * same pair, from the triggered-check queue: within {@code ms}.
     */
    @Then("every check answered 487 was sent again on its pair with the other role within {int} ms")
    public void repeatedAfterConflict(int ms) {
        List<Recorder.Captured> all = world.recorder.packets();
        int conflicts = 0;
        for (Recorder.Captured c : all) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || m.messageClass() != MessageClass.ERROR_RESPONSE || m.errorCode() != 487) {
                continue;
            }
            StunMessage check = all.stream().map(IceSteps::stun).filter(q -> q != null && q.isRequest()
                    && q.transactionId().equals(m.transactionId())).findFirst().orElseThrow();
            boolean wasControlling = check.has(IceAttribute.IceControlling.class);
            String realm = c.realm();
            String pair = TransportAddresses.format(c.packet().destination()) + ">" + TransportAddresses.format(c.packet().source());
            conflicts++;
            boolean again = all.stream().filter(x -> x.realm().equals(realm) && x.timeNanos() >= c.timeNanos()
                    && x.timeNanos() <= c.timeNanos() + ms * SimTime.MS
                    && (TransportAddresses.format(x.packet().source()) + ">" + TransportAddresses.format(x.packet().destination()))
                            .equals(pair)).map(IceSteps::stun).anyMatch(q -> q != null && q.isRequest()
                    && q.has(IceAttribute.Priority.class) && !q.transactionId().equals(m.transactionId())
                    && q.has(IceAttribute.IceControlling.class) != wasControlling);
            assertThat(again).as("a new check on %s with the other role after the 487 at %s s", pair,
                    SimTime.format(c.timeNanos())).isTrue();
        }
        assertThat(conflicts).as("487 answers on the wire").isPositive();
    }

    /**
     * RFC 7675 §5.1: after WHO lost consent on its selected pair, it answers no check that arrives on that pair's
     * 5-tuple (checks did keep arriving: the peer still sent them).
     */
    @Then("{word} answered no check on its old pair after it lost consent, though checks kept arriving")
    public void silentAfterLoss(String who) {
        long lost = world.sim().log().firstTime(who + ":ice: ConsentLost").orElseThrow();
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        int arrived = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || c.timeNanos() <= lost || !c.realm().equals(realm)) {
                continue;
            }
            if (m.isRequest() && m.has(IceAttribute.Priority.class) && c.packet().destination().getAddress().equals(me)) {
                arrived++;
            }
            assertThat(m.isResponse() && c.packet().source().getAddress().equals(me))
                    .as("%s answered %s at %s s, after losing consent", who, m, SimTime.format(c.timeNanos())).isFalse();
        }
        assertThat(arrived).as("checks that reached %s after it lost consent", who).isPositive();
    }

    /** RFC 8445 §9: credentials change only with a restart: every check WHO sent names one USERNAME. */
    @Then("every check {word} sent names the same USERNAME")
    public void oneUsername(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && m.has(IceAttribute.Priority.class) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(me)) {
                names.add(m.attribute(CoreAttribute.Username.class).value().utf8());
            }
        }
        assertThat(names).as("USERNAMEs of %s's checks", who).hasSize(1);
    }

    /** RFC 8445 §14.2: Ta is 50 ms by default: WHO's checks are paced at exactly Ta somewhere before selection. */
    @Then("the smallest gap between {word}'s first checks is {int} ms")
    public void smallestGap(String who, int ms) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        long until = world.sim().log().firstTime(":ice: SelectedPairChanged").orElse(Long.MAX_VALUE);
        Map<String, Long> first = new TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && m.has(IceAttribute.Priority.class) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(me) && c.timeNanos() < until) {
                first.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        List<Long> times = first.values().stream().sorted().toList();
        assertThat(times).as("%s's checks before the first selection", who).hasSizeGreaterThan(2);
        long min = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            min = Math.min(min, times.get(i) - times.get(i - 1));
        }
        assertThat(min).as("smallest gap between %s's checks", who).isEqualTo(ms * SimTime.MS);
    }
}
