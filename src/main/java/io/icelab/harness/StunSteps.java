package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.Realm;
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
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import io.icelab.stun.UnknownAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** STUN vectors, requests through the simulated network and their outcomes. */
public final class StunSteps {
    static final long S = SimTime.S;
    /** RFC 5769 §2.1-§2.4, the vectors' hex. */
    static final Map<String, String> VECTORS = Map.of(
            "2.1 request",
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573"
                    + "7420636c69656e74002400046e0001ff80290008932ff9b151263b3600060009"
                    + "6576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
                    + "c1b571a280280004e57a3bcf",
            "2.2 IPv4 response",
            "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563"
                    + "746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f9"
                    + "2af9ba53f06be7d780280004c07d4c96",
            "2.3 IPv6 response",
            "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563"
                    + "746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014"
                    + "a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c",
            "2.4 long-term request",
            "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383"
                    + "aae38383e382afe382b900000015001c662f2f3439396b39353464364f4c3334"
                    + "6f4c394653547679363473410014000b6578616d706c652e6f72670000080014"
                    + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    private final World world;
    /** The long-term-credential STUN server a scenario made, if any. */
    private InetSocketAddress authenticatingServer;
    private StunMessage vector;
    private StunClientEvent outcome;
    private final List<Long> sentAt = new ArrayList<>();

    public StunSteps(World world) {
        this.world = world;
    }

    @Given("the RFC 5769 test vector {string}")
    public void vector(String name) throws Exception {
        Bytes bytes = Bytes.fromHex(VECTORS.get(name));
        vector = StunDecoder.decode(bytes);
        onTheWire(bytes, vector.isRequest());
    }

    /**
     * The vector crosses the simulated internet once (client to server for a request, back for a
     * response) so the scenario has a capture and a ladder to show; what arrives must be the vector.
     */
    private void onTheWire(Bytes bytes, boolean request) {
        Realm internet = world.sim().addRootRealm("internet");
        InetSocketAddress client = NetworkSteps.at("192.0.2.100", 5000);
        InetSocketAddress server = NetworkSteps.at("192.0.2.1", 3478);
        Host c = world.sim().addHost("rfc5769-client");
        c.attach(internet, client.getAddress());
        Host s = world.sim().addHost("rfc5769-server");
        s.attach(internet, server.getAddress());
        PeerApp from = new PeerApp(false);
        PeerApp to = new PeerApp(false);
        SimApp<io.icelab.stun.Datagram> sender = (request ? c : s).run("vector", from, List.of(request ? client : server));
        SimApp<io.icelab.stun.Datagram> receiver = (request ? s : c).run("vector", to, List.of(request ? server : client));
        world.name(client.getAddress(), "client");
        world.name(server.getAddress(), "server");
        sender.at(0, "send the vector", () -> from.send(request ? client : server, request ? server : client,
                bytes.toArray()));
        world.sim().runUntil(world.sim().now() + S);
        assertThat(receiver.events()).as("the vector arrives unchanged").extracting(io.icelab.stun.Datagram::payload)
                .containsExactly(bytes);
    }

    /** Hand-made messages for the codec rules of RFC 8489 §5, §14 (hex, transaction id 0x0102…0c). */
    private static final String TID = "0102030405060708090a0b0c";
    static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("a Binding request whose first bit is set", "800100002112a442" + TID),
            Map.entry("a Binding request whose length is not a multiple of 4", "000100022112a442" + TID + "0000"),
            Map.entry("a Binding request with an attribute running past the end",
                    "000100082112a442" + TID + "8022002861626364"),
            Map.entry("a Binding error response with ERROR-CODE class 7",
                    "0111000c2112a442" + TID + "0009000700000700626164" + "00"),
            Map.entry("a Binding request with SOFTWARE after MESSAGE-INTEGRITY",
                    "000100202112a442" + TID + "00080014" + "0000000000000000000000000000000000000000"
                            + "802200046c617465"),
            Map.entry("a Binding request with SOFTWARE after MESSAGE-INTEGRITY-SHA256",
                    "0001002c2112a442" + TID + "001c0020" + "00".repeat(32) + "802200046c617465"),
            Map.entry("a Binding request with a 3-byte SOFTWARE", "000100082112a442" + TID + "8022000361626300"),
            // RFC 8489 §14: padding bytes that are not zero are ignored
            Map.entry("a Binding request whose SOFTWARE padding is not zero", "000100082112a442" + TID + "80220003616263ff"),
            // RFC 8489 §14.1: 192.0.2.1:5000 with 0xff in the first byte, which receivers ignore
            Map.entry("a Binding success whose XOR-MAPPED-ADDRESS has a non-zero first byte",
                    "0101000c2112a442" + TID + "00200008ff01329ae112a643"),
            // RFC 8489 §14.8: all 21 reserved bits of a 420 set
            Map.entry("a Binding error response with the reserved bits of ERROR-CODE set",
                    "0111000c2112a442" + TID + "00090007fffffc1462616400"),
            // RFC 8656 §18.1, §18.6, §18.8, §18.12: reserved fields that are not zero
            Map.entry("a ChannelBind request whose CHANNEL-NUMBER reserved field is not zero",
                    "000900082112a442" + TID + "000c00044000ffff"),
            Map.entry("an Allocate request whose REQUESTED-TRANSPORT reserved field is not zero",
                    "000300082112a442" + TID + "0019000411ffffff"),
            Map.entry("an Allocate request whose REQUESTED-ADDRESS-FAMILY reserved field is not zero",
                    "000300082112a442" + TID + "0017000402ffffff"),
            Map.entry("an Allocate success whose ADDRESS-ERROR-CODE reserved bits are set",
                    "0103000c2112a442" + TID + "8001000702fffc2862616400"),
            // RFC 8656 §18.12: the reason phrase of ADDRESS-ERROR-CODE is fewer than 128 characters
            Map.entry("an Allocate success whose ADDRESS-ERROR-CODE reason has 128 characters",
                    "010300882112a442" + TID + "80010084" + "02000428" + "61".repeat(128)),
            Map.entry("a Binding request with a USERNAME of 514 bytes",
                    "000102082112a442" + TID + "00060202" + "75".repeat(514) + "0000"),
            // RFC 8489 §14.3: 763 bytes must be parsed, 764 need not be
            Map.entry("a Binding request with a USERNAME of 763 bytes",
                    "000103002112a442" + TID + "000602fb" + "75".repeat(763) + "00"),
            Map.entry("a Binding request with a USERNAME of 764 bytes",
                    "000103002112a442" + TID + "000602fc" + "75".repeat(764)),
            // RFC 8489 §14.9, §14.10, §14.14: fewer than 128 characters; 127 pass, 128 do not
            Map.entry("a Binding request with a REALM of 127 characters",
                    "000100842112a442" + TID + "0014007f" + "72".repeat(127) + "00"),
            Map.entry("a Binding request with a REALM of 128 characters",
                    "000100842112a442" + TID + "00140080" + "72".repeat(128)),
            Map.entry("a Binding request with a NONCE of 128 characters",
                    "000100842112a442" + TID + "00150080" + "6e".repeat(128)),
            Map.entry("a Binding request with a SOFTWARE of 128 characters",
                    "000100842112a442" + TID + "80220080" + "73".repeat(128)),
            // 128 two-byte characters (256 bytes) are still 128 characters
            Map.entry("a Binding request with a SOFTWARE of 127 two-byte characters",
                    "000101042112a442" + TID + "802200fe" + "c3a9".repeat(127) + "0000"),
            Map.entry("a Binding request with a SOFTWARE of 128 two-byte characters",
                    "000101042112a442" + TID + "80220100" + "c3a9".repeat(128)));
    private Bytes message;

    @Given("the STUN message {string}")
    public void message(String name) {
        String hex = MESSAGES.get(name);
        if (hex == null) {
            throw new IllegalArgumentException("unknown message '" + name + "'; known: " + new java.util.TreeSet<>(MESSAGES.keySet()));
        }
        message = Bytes.fromHex(hex);
        onTheWire(message, true);
    }

    /** RFC 8489 §5-§14: the typed reason and the byte offset a decoder must report. */
    @Then("decoding it fails with {word} at offset {int}")
    public void decodeFails(String reason, int offset) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StunDecoder.decode(message))
                .isInstanceOfSatisfying(io.icelab.stun.StunDecodeException.class, e -> {
                    assertThat(e.reason().name()).isEqualTo(reason);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    @Then("it decodes with {int} attribute(s) after MESSAGE-INTEGRITY ignored")
    public void ignoredAfterIntegrity(int n) throws Exception {
        StunMessage m = StunDecoder.decode(message);
        assertThat(m.ignoredAfterIntegrity()).isEqualTo(n);
        assertThat(m.has(CoreAttribute.Software.class)).as("the ignored SOFTWARE is not among the attributes").isFalse();
    }

    /**
     * The decoded value of one attribute, as text: an address "IP:PORT", an error "CODE reason", a channel
     * "0x4000", a transport protocol number, a family "IPv4"/"IPv6", an address error "FAMILY CODE reason",
     * or a text attribute's value (RFC 8489 §14, RFC 8656 §18: reserved bits and padding are ignored).
     */
    @Then("it decodes and its {word} reads {string}")
    public void decodesTo(String attribute, String value) throws Exception {
        StunMessage m = StunDecoder.decode(message);
        List<String> values = m.attributes().stream()
                .filter(a -> io.icelab.stun.AttributeType.name(a.type()).equals(attribute))
                .map(StunSteps::render).toList();
        assertThat(values).as("%s in %s", attribute, m).containsExactly(value);
    }

    @Then("it decodes with a {word} of {int} bytes")
    public void decodesText(String attribute, int bytes) throws Exception {
        StunMessage m = StunDecoder.decode(message);
        assertThat(m.attributes()).as("%s in %s", attribute, m)
                .filteredOn(a -> io.icelab.stun.AttributeType.name(a.type()).equals(attribute))
                .singleElement().satisfies(a -> assertThat(((io.icelab.stun.TextAttribute) a).value().length())
                        .isEqualTo(bytes));
    }

    static String render(io.icelab.stun.StunAttribute a) {
        if (a instanceof io.icelab.stun.AddressAttribute x) {
            return io.icelab.stun.TransportAddresses.format(x.address());
        } else if (a instanceof CoreAttribute.ErrorCode e) {
            return e.code() + " " + e.reason();
        } else if (a instanceof io.icelab.stun.TurnAttribute.ChannelNumber c) {
            return String.format("0x%04X", c.channel());
        } else if (a instanceof io.icelab.stun.TurnAttribute.RequestedTransport p) {
            return Integer.toString(p.protocol());
        } else if (a instanceof io.icelab.stun.TurnAttribute.RequestedAddressFamily f) {
            return f.family() == 1 ? "IPv4" : "IPv6";
        } else if (a instanceof io.icelab.stun.TurnAttribute.AddressErrorCode e) {
            return (e.family() == 1 ? "IPv4" : "IPv6") + " " + e.code() + " " + e.reason();
        } else if (a instanceof io.icelab.stun.TextAttribute x) {
            return x.value().utf8();
        }
        return a.toString();
    }


    /** RFC 8489 §5: the attribute length is the value's (3), the value is padded so the message length is 8. */
    @Then("its SOFTWARE reads {string}, its attribute length is {int} and the message length is {int}")
    public void padded(String value, int attributeLength, int messageLength) throws Exception {
        StunMessage m = StunDecoder.decode(message);
        assertThat(m.attribute(CoreAttribute.Software.class).value().utf8()).isEqualTo(value);
        assertThat(message.get(22) << 8 | message.get(23)).isEqualTo(attributeLength);
        assertThat(message.get(2) << 8 | message.get(3)).isEqualTo(messageLength);
        assertThat(StunMessageBuilder.request(m.method(), m.transactionId()).add(CoreAttribute.Software.of(value))
                .encode()).as("icelab encodes it the same way").isEqualTo(message.toArray());
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

    /** An attribute of the RFC 5769 vector, rendered as by {@link #render}. */
    @Then("its {word} reads {string}")
    public void vectorAttribute(String attribute, String value) {
        assertThat(vector.attributes().stream().filter(a -> io.icelab.stun.AttributeType.name(a.type()).equals(attribute))
                .map(StunSteps::render).toList()).as("%s in %s", attribute, vector).containsExactly(value);
    }

    @Then("its FINGERPRINT is {string}")
    public void fingerprint(String status) {
        assertThat(vector.fingerprintStatus().name().toLowerCase()).isEqualTo(status);
    }

    @Then("its MESSAGE-INTEGRITY verifies with the short-term password {string}")
    public void shortTerm(String password) {
        assertThat(new Integrity().verify(vector, StunKeys.shortTerm(password))).isEqualTo(Integrity.Status.VALID);
    }

    @Then("its MESSAGE-INTEGRITY verifies with the long-term credentials {string}, {string}, {string}")
    public void longTerm(String user, String realm, String password) {
        assertThat(new Integrity().verify(vector, StunKeys.longTermMd5(user, realm, password)))
                .isEqualTo(Integrity.Status.VALID);
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
