package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.LongTermAuthenticator;
import io.icelab.stun.NatBehaviorAttribute;
import io.icelab.stun.NonceCookie;
import io.icelab.stun.NonceManager;
import io.icelab.stun.RequestAuthenticator;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunCredentials;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import io.icelab.stun.UnknownAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** STUN requests through the simulated network, misbehaving and authenticating servers, and the outcomes. */
public final class StunSteps {
    static final long S = SimTime.S;

    private final World world;
    /** The long-term-credential STUN server a scenario made, if any. */
    private InetSocketAddress authenticatingServer;
    private StunClientEvent outcome;
    private final List<Long> sentAt = new ArrayList<>();

    public StunSteps(World world) {
        this.world = world;
    }

    /** How many requests WHO's host put on its first link (retransmissions included). */
    @Then("{word}'s request went out {int} time(s)")
    public void wentOut(String who, int times) {
        String realm = world.sim().host(who).iface(0).realm().name();
        long sent = world.recorder.packets().stream().filter(c -> c.realm().equals(realm)
                && c.packet().source().equals(world.locals.get(who))).map(IceSteps::stun)
                .filter(m -> m != null && m.isRequest()).count();
        assertThat(sent).isEqualTo(times);
    }

    /**
     * RFC 8489 §9.2.3-§9.2.4, §14.6: offered SHA-256 by the server's PASSWORD-ALGORITHMS, the client signs
     * with MESSAGE-INTEGRITY-SHA256 keyed with SHA-256 of user:realm:password, names the algorithm in
     * PASSWORD-ALGORITHM, and the server answers with the same integrity.
     */
    @Then("the authenticated request and its answer carry MESSAGE-INTEGRITY-SHA256 for {string}, {string}, {string}")
    public void sha256(String user, String realm, String password) {
        byte[] key = StunKeys.longTermSha256(user, realm, password);
        java.util.Set<String> signed = new java.util.TreeSet<>();
        int answers = 0;
        for (var c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.has(CoreAttribute.MessageIntegritySha256.class)) {
                continue;
            }
            assertThat(new Integrity().verify(m, key)).as("%s", c.packet()).isEqualTo(Integrity.Status.VALID);
            if (m.isRequest()) {
                CoreAttribute.PasswordAlgorithm alg = m.attribute(CoreAttribute.PasswordAlgorithm.class);
                assertThat(alg).as("PASSWORD-ALGORITHM in %s", c.packet()).isNotNull();
                assertThat(alg.algorithm()).isEqualTo(CoreAttribute.PasswordAlgorithm.SHA256);
                signed.add(m.transactionId().toString());
            } else if (signed.contains(m.transactionId().toString())) {
                answers++;
            }
        }
        assertThat(signed).as("requests with MESSAGE-INTEGRITY-SHA256").isNotEmpty();
        assertThat(answers).as("answers with MESSAGE-INTEGRITY-SHA256").isPositive();
    }

    static final InetSocketAddress MISBEHAVING = NetworkSteps.at("192.0.2.8", 3478);

    /** "an unknown comprehension-required attribute", "another transaction id" or "a wrong MESSAGE-INTEGRITY". */
    @Given("a STUN server on the internet that answers with {string}")
    public void misbehaving(String flaw) {
        java.util.random.RandomGenerator random = world.sim().random("misbehaving-stun");
        MisbehavingStunServer server;
        if (flaw.matches("error \\d{3}")) {
            server = MisbehavingStunServer.error(Integer.parseInt(flaw.substring(6)), random);
        } else if (flaw.startsWith("MESSAGE-INTEGRITY-SHA256 signed with ")) {
            server = MisbehavingStunServer.signing(MisbehavingStunServer.Flaw.SHA256_INTEGRITY,
                    flaw.substring("MESSAGE-INTEGRITY-SHA256 signed with ".length()), random);
        } else {
            MisbehavingStunServer.Flaw f = switch (flaw) {
                case "an unknown comprehension-required attribute" -> MisbehavingStunServer.Flaw.UNKNOWN_ATTRIBUTE;
                case "another transaction id" -> MisbehavingStunServer.Flaw.OTHER_TRANSACTION_ID;
                case "a wrong MESSAGE-INTEGRITY" -> MisbehavingStunServer.Flaw.WRONG_INTEGRITY;
                case "a 401 whose nonce cookie claims password algorithms but lists none" ->
                        MisbehavingStunServer.Flaw.COOKIE_WITHOUT_ALGORITHMS;
                case "a 401 listing only an unknown password algorithm" -> MisbehavingStunServer.Flaw.UNKNOWN_ALGORITHM;
                case "a success whose nonce cookie claims password algorithms but lists none" ->
                        MisbehavingStunServer.Flaw.SUCCESS_WITH_BARE_COOKIE;
                case "a 401, then an unsigned 400" -> MisbehavingStunServer.Flaw.UNSIGNED_400;
                case "a 401, then a wrong MESSAGE-INTEGRITY" -> MisbehavingStunServer.Flaw.WRONG_LONG_TERM_INTEGRITY;
                default -> throw new IllegalArgumentException("unknown flaw '" + flaw + "'");
            };
            server = new MisbehavingStunServer(f, random);
        }
        Host h = world.sim().addHost("misbehaving-stun");
        h.attach(world.sim().realm("internet"), MISBEHAVING.getAddress());
        h.run("stun", server, List.of(MISBEHAVING));
        world.name(MISBEHAVING.getAddress(), "stun (misbehaving)");
    }

    /** RFC 8656 §11.4: a TURN server at the usual address that pushes Data indications nobody asked for. */
    @Given("a TURN server on the internet that forwards data from peers without a permission")
    public void forgingTurn() {
        Host h = world.sim().addHost("forging-turn");
        h.attach(world.sim().realm("internet"), NetworkSteps.TURN.getAddress());
        h.run("turn", new MisbehavingStunServer(MisbehavingStunServer.Flaw.FORGED_DATA, world.sim().random("forging-turn")),
                List.of(NetworkSteps.TURN));
        world.name(NetworkSteps.TURN.getAddress(), "turn (forwards unpermitted data)");
    }

    /** RFC 8656 §7.4: a TURN server at the usual address that refuses every Allocate with one error code. */
    @Given("a TURN server on the internet that answers every Allocate with error {int}")
    public void refusingTurn(int code) {
        Host h = world.sim().addHost("refusing-turn");
        h.attach(world.sim().realm("internet"), NetworkSteps.TURN.getAddress());
        h.run("turn", MisbehavingStunServer.error(code, world.sim().random("refusing-turn")), List.of(NetworkSteps.TURN));
        world.name(NetworkSteps.TURN.getAddress(), "turn (refusing " + code + ")");
    }

    @When("{word} sends a Binding request with the short-term credential {string}, {string} to that server")
    public void toMisbehaving(String who, String user, String password) {
        send(who, binding(who, MISBEHAVING, List.of()).withCredentials(new StunCredentials.ShortTerm(user, password)));
    }

    @When("{word} sends a Binding request with long-term credentials {string}, {string} to that server")
    public void longTermToMisbehaving(String who, String user, String password) {
        send(who, binding(who, MISBEHAVING, List.of()).withCredentials(StunCredentials.LongTerm.of(user, password)));
    }

    @When("{word} sends a Binding request to that server")
    public void plainToMisbehaving(String who) {
        send(who, binding(who, MISBEHAVING, List.of()));
    }

    /** The client's verdict on the transaction: "fails: unknown attributes", "fails: integrity violated" or "times out". */
    @Then("the transaction {string}")
    public void transaction(String verdict) {
        assertThat(outcome).isInstanceOf(StunClientEvent.Failure.class);
        StunClientEvent.Failure f = (StunClientEvent.Failure) outcome;
        switch (verdict) {
            case "fails: unknown attributes" -> assertThat(f.reason())
                    .isEqualTo(StunClientEvent.Failure.Reason.UNKNOWN_ATTRIBUTES);
            case "times out" -> assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.TIMEOUT);
            case "fails: integrity violated" -> assertThat(f.reason())
                    .isEqualTo(StunClientEvent.Failure.Reason.INTEGRITY_VIOLATED);
            case "fails: error 500" -> assertThat(f.errorCode()).as(f.toString()).isEqualTo(500);
            case "fails: unauthorized" -> assertThat(f.reason()).as(f.toString())
                    .isIn(StunClientEvent.Failure.Reason.UNAUTHORIZED, StunClientEvent.Failure.Reason.BID_DOWN,
                            StunClientEvent.Failure.Reason.ERROR_RESPONSE);
            default -> throw new IllegalArgumentException("unknown verdict '" + verdict + "'");
        }
    }

    @Given("a STUN server on the internet requiring the long-term credentials {string}, {string}")
    public void authServer(String user, String password) {
        authServer(user, password, "password algorithms");
    }

    /**
     * RFC 8489 §9.2: the security features the server's nonce cookie announces: "password algorithms",
     * "password algorithms and username anonymity", or "no" (an RFC 5389 server: MD5 only, no list).
     */
    @Given("a STUN server on the internet requiring the long-term credentials {string}, {string} with {word} security features")
    public void authServerWith(String user, String password, String features) {
        authServer(user, password, features.replace('+', ' '));
    }

    private void authServer(String user, String password, String features) {
        Host h = world.sim().addHost("auth-stun");
        InetSocketAddress a = NetworkSteps.at("192.0.2.5", 3478);
        h.attach(world.sim().realm("internet"), a.getAddress());
        int bits = switch (features) {
            case "password algorithms" -> NonceCookie.PASSWORD_ALGORITHMS;
            case "anonymity" -> NonceCookie.PASSWORD_ALGORITHMS | NonceCookie.USERNAME_ANONYMITY;
            case "no" -> 0;
            default -> throw new IllegalArgumentException("unknown security features '" + features + "'");
        };
        LongTermAuthenticator auth = new LongTermAuthenticator("icelab", StaticUsers.of(user, password),
                new NonceManager(world.sim().random("auth-stun:nonces"), 60 * S, bits),
                bits == 0 ? List.of() : List.of(CoreAttribute.PasswordAlgorithm.SHA256, CoreAttribute.PasswordAlgorithm.MD5));
        h.run("stun", new StunServer(new StunServer.Config(a, null, io.icelab.stun.Version.SOFTWARE, RequestAuthenticator.longTerm(auth))),
                List.of(a));
        authenticatingServer = a;
    }

    /** RFC 8489 §14.4: USERHASH = SHA-256(OpaqueString(username) ":" OpaqueString(realm)), computed here. */
    @Then("every USERHASH {word} sent is SHA-256 of {string}")
    public void userhash(String who, String usernameColonRealm) throws Exception {
        byte[] want = java.security.MessageDigest.getInstance("SHA-256")
                .digest(usernameColonRealm.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        InetSocketAddress from = world.locals.get(who);
        List<Bytes> sent = world.recorder.packets().stream().filter(c -> c.packet().source().equals(from))
                .map(IceSteps::stun).filter(m -> m != null && m.has(CoreAttribute.Userhash.class))
                .map(m -> m.attribute(CoreAttribute.Userhash.class).hash()).toList();
        assertThat(sent).as("USERHASH values %s sent", who).isNotEmpty().allSatisfy(h -> assertThat(h.toArray()).isEqualTo(want));
    }

    /** One STUN client per host and local address, kept across steps so a second request reuses the socket. */
    private final Map<String, StunClient> clients = new java.util.TreeMap<>();
    private final Map<String, SimApp<StunClientEvent>> clientApps = new java.util.TreeMap<>();

    private void send(String who, StunRequest request) {
        String key = who + " " + request.local();
        StunClient c = clients.computeIfAbsent(key, k -> new StunClient(world.sim().random(who + ":stun")));
        SimApp<StunClientEvent> app = clientApps.computeIfAbsent(key, k -> world.sim().host(who)
                .run("stun-client", c, List.of(request.local())).onEvent(e -> outcome = e));
        outcome = null;
        app.at(world.sim().now(), "request", () -> c.send(world.sim().now(), request));
        world.sim().runUntil(() -> outcome != null, world.sim().now() + 60 * S);
    }

    private StunRequest binding(String who, InetSocketAddress server, List<StunAttribute> attrs) {
        return StunRequest.binding(world.locals.get(who), server).withAttributes(attrs);
    }

    @When("{word} sends a Binding request to the STUN server")
    public void plain(String who) {
        send(who, binding(who, NetworkSteps.STUN, List.of()));
    }

    @When("{word} sends a Binding request with the comprehension-required attribute {int}")
    public void unknown(String who, int type) {
        send(who, binding(who, NetworkSteps.STUN, List.of(new UnknownAttribute(type, Bytes.EMPTY))));
    }

    @When("{word} sends a Binding request with a RESPONSE-PORT to a server without RFC 5780")
    public void responsePortNo5780(String who) {
        InetSocketAddress plainServer = NetworkSteps.at("192.0.2.6", 3478);
        Host h = world.sim().addHost("plain-stun");
        h.attach(world.sim().realm("internet"), plainServer.getAddress());
        h.run("stun", new StunServer(StunServer.Config.basic(plainServer)), List.of(plainServer));
        send(who, binding(who, plainServer, List.of(new NatBehaviorAttribute.ResponsePort(9))));
    }

    @When("{word} sends a Binding request with long-term credentials {string}, {string}")
    public void withCredentials(String who, String user, String password) {
        InetSocketAddress server = authenticatingServer;
        send(who, binding(who, server, List.of()).withCredentials(StunCredentials.LongTerm.of(user, password)));
    }

    @When("{word} sends an Allocate request to the STUN server")
    public void allocateToStun(String who) {
        send(who, new StunRequest(io.icelab.stun.Transport.UDP, world.locals.get(who), NetworkSteps.STUN,
                io.icelab.stun.Method.ALLOCATE, List.of(), null, true));
    }

    @When("{word} sends a Binding request with long-term credentials {string}, {string} again {int} s later")
    public void again(String who, String user, String password, int seconds) {
        InetSocketAddress server = authenticatingServer;
        StunClient c = new StunClient(world.sim().random(who + ":stun"));
        SimApp<StunClientEvent> app = world.sim().host(who).run("stun-client", c, List.of(world.locals.get(who)))
                .onEvent(e -> outcome = e);
        StunRequest r = binding(who, server, List.of()).withCredentials(StunCredentials.LongTerm.of(user, password));
        app.at(world.sim().now(), "first", () -> c.send(world.sim().now(), r));
        world.sim().runUntil(world.sim().now() + 5 * S);
        outcome = null;
        app.at(world.sim().now() + seconds * S, "again", () -> c.send(world.sim().now(), r));
        world.sim().runUntil(() -> outcome != null, world.sim().now() + (seconds + 60) * S);
    }

    @Then("the wire carries an error {int} answer")
    public void wireError(int code) {
        assertThat(world.recorder.packets()).anyMatch(c -> {
            StunMessage m = IceSteps.stun(c);
            return m != null && m.errorCode() == code;
        });
    }

    @When("the STUN server is unreachable and {word} sends a Binding request")
    public void unreachable(String who) {
        world.sim().dropIf(world.sim().host(who).iface(0).realm().name(),
                p -> p.destination().equals(NetworkSteps.STUN) && sentAt.add(world.sim().now()));
        send(who, binding(who, NetworkSteps.STUN, List.of()));
    }

    /** Every request WHO's host sends to the STUN server is lost (and its time kept), from now on. */
    @io.cucumber.java.en.Given("the STUN server never hears from {word}")
    public void deafServer(String who) {
        world.sim().dropIf(world.sim().host(who).iface(0).realm().name(),
                p -> p.destination().equals(NetworkSteps.STUN) && sentAt.add(world.sim().now()));
    }

    /**
     * RFC 8445 §14.3: a gathering transaction's RTO is MAX(500 ms, Ta x the gathering transactions): with one
     * STUN server and one component, the first retransmissions go at 0.5, 1.5, 3.5 and 7.5 s.
     */
    @Then("{word}'s first gathering requests to the STUN server went out at {string} s")
    public void gatherSchedule(String who, String at) {
        List<String> got = new ArrayList<>();
        for (long t : new java.util.TreeSet<>(sentAt)) { // a packet may meet the drop rule at more than one hop
            got.add(trim(t));
        }
        int n = at.split(",\\s*").length;
        assertThat(got).as("%s's gathering requests to the STUN server", who).hasSizeGreaterThanOrEqualTo(n);
        assertThat(String.join(", ", got.subList(0, n))).isEqualTo(at);
    }

    @Then("{word} learns the mapped address {string}")
    public void mapped(String who, String address) {
        assertThat(outcome).isInstanceOf(StunClientEvent.Success.class);
        StunMessage r = ((StunClientEvent.Success) outcome).response();
        assertThat(io.icelab.stun.TransportAddresses.format(r.attribute(CoreAttribute.XorMappedAddress.class).address()))
                .isEqualTo(address);
    }

    @Then("the answer is a success")
    public void success() {
        assertThat(outcome).isInstanceOf(StunClientEvent.Success.class);
    }

    @Then("the answer is error {int}")
    public void error(int code) {
        assertThat(outcome).isInstanceOf(StunClientEvent.Failure.class);
        assertThat(((StunClientEvent.Failure) outcome).errorCode()).isEqualTo(code);
    }

    @Then("the request went out {int} times, at {string} s, and failed at {double} s")
    public void schedule(int times, String at, double failedAt) {
        assertThat(outcome).isInstanceOf(StunClientEvent.Failure.class);
        List<String> got = new ArrayList<>();
        for (long t : sentAt) {
            got.add(trim(t));
        }
        assertThat(got).hasSize(times);
        assertThat(String.join(", ", got)).isEqualTo(at);
        assertThat(world.sim().now()).as("failure, on the host's own clock").isEqualTo(Math.round(failedAt * 1e9));
    }

    private static String trim(long t) {
        double s = (t - 10 * SimTime.MS) / 1e9; // counted where the host sent it, before its 10 ms link
        String v = String.valueOf(s);
        return v.endsWith(".0") ? v.substring(0, v.length() - 2) : v;
    }
}
