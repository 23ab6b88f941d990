package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.AttributeType;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.MessageClass;
import io.icelab.stun.NonceCookie;
import io.icelab.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the requests and answers on the wire carry, read off the capture: the long-term credential
 * mechanism's first request, its challenges and its signed retries (RFC 8489 §9.2.3-§9.2.5), and the
 * attributes TURN requests and answers must carry (RFC 8656 §5).
 */
public final class AuthWireSteps {
    private static final String LIST = "([A-Z][A-Z0-9-]*(?:(?:, | and | or )[A-Z][A-Z0-9-]*)*)";
    private final World world;

    public AuthWireSteps(World world) {
        this.world = world;
    }

    private record Seen(long time, Recorder.Captured captured, StunMessage message) {
    }

    /** Requests of {@code method} that WHO's host put on its first link, in order. */
    private List<Seen> requests(String method, String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        InetSocketAddress from = world.locals.get(who);
        List<Seen> out = new ArrayList<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && c.realm().equals(realm) && c.packet().source().getAddress().equals(from.getAddress())
                    && m.messageClass() == MessageClass.REQUEST && m.method().name().equals(method)) {
                out.add(new Seen(c.timeNanos(), c, m));
            }
        }
        assertThat(out).as("%s requests %s sent", method, who).isNotEmpty();
        return out;
    }

    /** RFC 8656 §7.4: after some refusals a client does not try again (for a while). */
    @Then("^(\\w+) sent no (\\S+) request in the next (\\d+) s$")
    public void noRetry(String who, String method, int seconds) {
        long from = world.sim().now();
        world.sim().runUntil(from + seconds * io.icelab.sim.SimTime.S);
        String realm = world.sim().host(who).iface(0).realm().name();
        InetSocketAddress at = world.locals.get(who);
        List<String> sent = world.recorder.packets().stream().filter(c -> c.timeNanos() > from && c.realm().equals(realm)
                && c.packet().source().getAddress().equals(at.getAddress())).filter(c -> {
                    StunMessage m = IceSteps.stun(c);
                    return m != null && m.isRequest() && m.method().name().equals(method);
                }).map(c -> io.icelab.sim.SimTime.format(c.timeNanos()) + " " + c.packet()).toList();
        assertThat(sent).as("%s requests from %s after %s s", method, who, io.icelab.sim.SimTime.format(from)).isEmpty();
    }

    private static Set<String> names(StunMessage m) {
        Set<String> present = new TreeSet<>();
        m.attributes().forEach(a -> present.add(AttributeType.name(a.type())));
        return present;
    }

    /** Asserts that {@code m} carries every attribute of {@code list} ("A, B and C"), or none when {@code no}. */
    static void carries(StunMessage m, String no, String list) {
        Set<String> present = names(m);
        for (String name : list.split(", | and | or ")) {
            if (!RawRequestSteps.KNOWN_ATTRIBUTES.contains(name)) {
                throw new IllegalArgumentException("unknown attribute '" + name + "'");
            }
            if (no == null) {
                assertThat(present).as("attributes of %s", m).contains(name);
            } else {
                assertThat(present).as("attributes of %s", m).doesNotContain(name);
            }
        }
    }

    /**
     * RFC 8489 §6.2: a client keeps at most ten transactions outstanding to one server. A transaction is open
     * from its first request on the wire until its answer, or 39.5 s (the UDP transaction timeout).
     */
    @Then("no client had more than {int} transactions open to one server")
    public void outstanding(int limit) {
        Map<String, Map<String, long[]>> open = new TreeMap<>(); // "realm src>dst" -> tid -> [start, end]
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || m.isIndication()) {
                continue;
            }
            String src = io.icelab.stun.TransportAddresses.format(c.packet().source());
            String dst = io.icelab.stun.TransportAddresses.format(c.packet().destination());
            String tid = m.transactionId().toString();
            if (m.isRequest()) {
                open.computeIfAbsent(c.realm() + " " + src + ">" + dst, k -> new TreeMap<>())
                        .putIfAbsent(tid, new long[] {c.timeNanos(), c.timeNanos() + 39_500 * io.icelab.sim.SimTime.MS});
            } else {
                long[] span = open.getOrDefault(c.realm() + " " + dst + ">" + src, Map.of()).get(tid);
                if (span != null) {
                    span[1] = Math.min(span[1], c.timeNanos());
                }
            }
        }
        assertThat(open).as("client-server pairs on the wire").isNotEmpty();
        open.forEach((pair, spans) -> {
            int most = 0;
            for (long[] s : spans.values()) {
                int at = 0;
                for (long[] o : spans.values()) {
                    if (o[0] <= s[0] && s[0] < o[1]) {
                        at++;
                    }
                }
                most = Math.max(most, at);
            }
            assertThat(most).as("transactions open at once on %s", pair).isLessThanOrEqualTo(limit);
        });
    }

    /** RFC 8489 §10: each 300 carries an ALTERNATE-SERVER of the family of the address it was sent to. */
    @Then("every 300 answer on the wire carries an ALTERNATE-SERVER of its destination's family")
    public void alternateFamily() {
        List<Recorder.Captured> found = world.recorder.packets().stream().filter(c -> {
            StunMessage m = IceSteps.stun(c);
            return m != null && m.messageClass() == MessageClass.ERROR_RESPONSE && m.errorCode() == 300;
        }).toList();
        assertThat(found).as("300 answers on the wire").isNotEmpty();
        for (Recorder.Captured c : found) {
            StunMessage m = IceSteps.stun(c);
            List<CoreAttribute.AlternateServer> alt = m.attributes(CoreAttribute.AlternateServer.class);
            assertThat(alt).as("ALTERNATE-SERVER in %s", m).isNotEmpty();
            assertThat(alt.get(0).address().getAddress().getClass())
                    .isEqualTo(c.packet().destination().getAddress().getClass());
        }
    }

    /** RFC 8489 §14.8: a 300 answers only a request with USERNAME (or USERHASH) and integrity. */
    @Then("every 300 answer on the wire answers a signed request")
    public void redirectsSigned() {
        List<StunMessage> all = world.recorder.packets().stream().map(IceSteps::stun).filter(m -> m != null).toList();
        List<StunMessage> redirects = all.stream().filter(m -> m.messageClass() == MessageClass.ERROR_RESPONSE
                && m.errorCode() == 300).toList();
        assertThat(redirects).as("300 answers on the wire").isNotEmpty();
        for (StunMessage r : redirects) {
            StunMessage q = all.stream().filter(m -> m.isRequest() && m.transactionId().equals(r.transactionId()))
                    .findFirst().orElseThrow();
            assertThat(q.has(CoreAttribute.Username.class) || q.has(CoreAttribute.Userhash.class)).as("user in %s", q).isTrue();
            assertThat(q.hasIntegrity())
                    .as("integrity in %s", q).isTrue();
        }
    }

    /** RFC 8489 §10: requests to the alternate server are signed with the same credentials. */
    @Then("^every signed (\\S+) request (\\w+) sent names the user \"([^\"]*)\"$")
    public void sameUser(String method, String who, String user) {
        List<StunMessage> signed = requests(method, who).stream().map(Seen::message)
                .filter(StunMessage::hasIntegrity)
                .toList();
        assertThat(signed).as("signed %s requests", method).hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.attribute(CoreAttribute.Username.class).text()).isEqualTo(user));
    }

    /** Whether a request of {@code method} was ever sent to {@code address} (any port). */
    @Then("no {word} request went to {string}")
    public void noneTo(String method, String address) {
        java.net.InetAddress to = NetworkSteps.ip(address);
        assertThat(world.recorder.packets().stream().filter(c -> c.packet().destination().getAddress().equals(to))
                .map(IceSteps::stun).filter(m -> m != null && m.isRequest() && m.method().name().equals(method)).count())
                .as("%s requests to %s", method, address).isZero();
    }

    /** Whether a request of {@code method} ever reached the TURN server's address (192.0.2.10). */
    @Then("no {word} request reached the TURN server")
    public void noneReached(String method) {
        assertThat(world.recorder.packets().stream().filter(c -> c.packet().destination().equals(NetworkSteps.TURN))
                .map(IceSteps::stun).filter(m -> m != null && m.isRequest() && m.method().name().equals(method)).count())
                .as("%s requests to the TURN server", method).isZero();
    }

    /** RFC 8489 §9.2.3.1: the first request to a server goes without credentials. */
    @Then("^the first (\\S+) request (\\w+) sent carries (no )?" + LIST + "$")
    public void first(String method, String who, String no, String list) {
        carries(requests(method, who).get(0).message(), no, list);
    }

    /** RFC 8489 §9.2.3.2, §9.2.5: every request after the first (the signed ones). */
    @Then("^every (\\S+) request (\\w+) sent after the first carries (no )?" + LIST + "$")
    public void later(String method, String who, String no, String list) {
        List<Seen> all = requests(method, who);
        assertThat(all).as("%s requests %s sent after the first", method, who).hasSizeGreaterThan(1);
        all.subList(1, all.size()).forEach(s -> carries(s.message(), no, list));
    }

    /** RFC 8656 §5: e.g. every Allocate and Refresh request carries SOFTWARE. */
    @Then("^every (\\S+) request (\\w+) sent carries (no )?" + LIST + "$")
    public void every(String method, String who, String no, String list) {
        requests(method, who).forEach(s -> carries(s.message(), no, list));
    }

    /** Every error answer with that code on the wire, e.g. every 401 carries REALM and NONCE (RFC 8489 §9.2.4). */
    @Then("^every (\\d{3}) answer on the wire carries (no )?" + LIST + "$")
    public void errors(int code, String no, String list) {
        List<StunMessage> answers = errorAnswers(code);
        assertThat(answers).as("%d answers on the wire", code).isNotEmpty();
        answers.forEach(m -> carries(m, no, list));
    }

    /** Every success answer to a request of {@code method} on the wire. */
    @Then("^every (\\S+) success on the wire carries (no )?" + LIST + "$")
    public void successes(String method, String no, String list) {
        List<StunMessage> answers = world.recorder.packets().stream().map(IceSteps::stun)
                .filter(m -> m != null && m.messageClass() == MessageClass.SUCCESS_RESPONSE
                        && m.method().name().equals(method)).toList();
        assertThat(answers).as("%s successes on the wire", method).isNotEmpty();
        answers.forEach(m -> carries(m, no, list));
    }

    private List<StunMessage> errorAnswers(int code) {
        return world.recorder.packets().stream().map(IceSteps::stun)
                .filter(m -> m != null && m.messageClass() == MessageClass.ERROR_RESPONSE && m.errorCode() == code)
                .toList();
    }

    /**
     * RFC 8489 §9.2, §9.2.4: each NONCE a server sent starts with the nonce cookie, whose feature bits say
     * which security features it uses ("password algorithms", "username anonymity", or none).
     */
    @Then("^every NONCE on the wire starts with the nonce cookie (?:and the (password algorithms|username anonymity) bit|and no feature bit)$")
    public void cookie(String feature) {
        int want = feature == null ? 0 : feature.equals("password algorithms") ? NonceCookie.PASSWORD_ALGORITHMS
                : NonceCookie.USERNAME_ANONYMITY;
        List<String> nonces = world.recorder.packets().stream().map(IceSteps::stun)
                .filter(m -> m != null && m.isResponse() && m.has(CoreAttribute.Nonce.class))
                .map(m -> m.attribute(CoreAttribute.Nonce.class).value().utf8()).toList();
        assertThat(nonces).as("nonces in answers on the wire").isNotEmpty().allSatisfy(n -> {
            assertThat(n).startsWith(NonceCookie.PREFIX);
            int f = NonceCookie.features(n);
            if (want == 0) {
                assertThat(f).as("feature bits of %s", n).isZero();
            } else {
                assertThat(f & want).as("feature bits of %s", n).isEqualTo(want);
            }
        });
    }

    /** RFC 8489 §9.2.4: a server never gives one NONCE to two source addresses (as seen on the internet). */
    @Then("no NONCE on the wire went to two different addresses")
    public void noncePerSource() {
        Map<String, Set<String>> to = new TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isResponse() && m.has(CoreAttribute.Nonce.class) && c.realm().equals("internet")) {
                to.computeIfAbsent(m.attribute(CoreAttribute.Nonce.class).value().utf8(), k -> new TreeSet<>())
                        .add(io.icelab.stun.TransportAddresses.format(c.packet().destination()));
            }
        }
        assertThat(to.size()).as("distinct nonces on the wire").isGreaterThan(1);
        to.forEach((nonce, destinations) -> assertThat(destinations).as("where %s went", nonce).hasSize(1));
    }

    /** RFC 8489 §9.2.3.2: credentials, realm and nonce are cached, so later requests meet no new 401. */
    @Then("^(\\w+) met (\\d+) (\\d{3}) answers?$")
    public void met(String who, int n, int code) {
        String realm = world.sim().host(who).iface(0).realm().name();
        InetSocketAddress at = world.locals.get(who);
        long got = world.recorder.packets().stream().filter(c -> c.realm().equals(realm)
                && c.packet().destination().getAddress().equals(at.getAddress())).map(IceSteps::stun)
                .filter(m -> m != null && m.messageClass() == MessageClass.ERROR_RESPONSE && m.errorCode() == code)
                .count();
        assertThat(got).as("%d answers to %s", code, who).isEqualTo(n);
    }

    /**
     * RFC 8489 §9.2.5: the retry after a 401 that offered PASSWORD-ALGORITHMS echoes that list unchanged and
     * names in PASSWORD-ALGORITHM the first of them the client supports.
     */
    @Then("^(\\w+)'s (\\S+) retry echoes the PASSWORD-ALGORITHMS of the 401 and picks (SHA-256|MD5)$")
    public void echo(String who, String method, String algorithm) {
        List<StunMessage> offers = errorAnswers(401).stream().filter(m -> m.has(CoreAttribute.PasswordAlgorithms.class))
                .toList();
        assertThat(offers).as("401s with PASSWORD-ALGORITHMS").isNotEmpty();
        CoreAttribute.PasswordAlgorithms offered = offers.get(0).attribute(CoreAttribute.PasswordAlgorithms.class);
        StunMessage retry = requests(method, who).get(1).message();
        assertThat(retry.attribute(CoreAttribute.PasswordAlgorithms.class)).as("PASSWORD-ALGORITHMS of %s", retry)
                .isEqualTo(offered);
        CoreAttribute.PasswordAlgorithm picked = retry.attribute(CoreAttribute.PasswordAlgorithm.class);
        assertThat(picked).as("PASSWORD-ALGORITHM of %s", retry).isNotNull();
        int want = algorithm.equals("SHA-256") ? CoreAttribute.PasswordAlgorithm.SHA256
                : CoreAttribute.PasswordAlgorithm.MD5;
        assertThat(picked.algorithm()).isEqualTo(want);
    }
}
