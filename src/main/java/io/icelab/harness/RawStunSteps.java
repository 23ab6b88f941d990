package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Raw STUN messages to icelab's STUN servers (the RFC 5780 one, and one requiring a short-term
 * credential): RFC 3489 requests, unknown attributes in requests and indications, wrong FINGERPRINTs,
 * short-term credential errors (RFC 8489 §6.3, §7, §9.1.3, §11). Answers are read with the steps of
 * {@link RawRequestSteps}.
 */
public final class RawStunSteps {
    static final long S = SimTime.S;
    private final World world;
    /** The raw STUN client of each host and the application it runs in. */
    private final java.util.Map<String, RawRequestClient> clients = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, SimApp<StunMessage>> apps = new java.util.LinkedHashMap<>();
    /** When the last raw STUN request left (answers are looked for from then on). */
    private long sentAt;

    public RawStunSteps(World world) {
        this.world = world;
    }

    private StunMessage answer() {
        return RawRequestSteps.lastAnswer(world);
    }

    /**
     * Requests to the STUN server that a StunClient never sends: an RFC 3489 Binding (no magic cookie,
     * RFC 8489 §11) and indications with an attribute the server does not understand (§6.3.2).
     */
    @When("{word} sends {string} to the STUN server")
    public void toStunServer(String who, String kind) {
        toServer(who, kind, NetworkSteps.STUN);
    }

    static final InetSocketAddress SHORT_TERM_STUN = NetworkSteps.at("192.0.2.7", 3478);

    /** RFC 8489 §9.1: a STUN server that authenticates requests with one short-term credential. */
    @Given("a STUN server on the internet requiring the short-term credential {string} with password {string}")
    public void shortTermServer(String user, String password) {
        Host h = world.sim().addHost("short-term-stun");
        h.attach(world.sim().realm("internet"), SHORT_TERM_STUN.getAddress());
        io.icelab.stun.ShortTermAuthenticator auth = new io.icelab.stun.ShortTermAuthenticator(
                u -> u.equals(user) ? password : null);
        h.run("stun", new io.icelab.stun.StunServer(new io.icelab.stun.StunServer.Config(SHORT_TERM_STUN, null,
                io.icelab.stun.Version.SOFTWARE, io.icelab.stun.RequestAuthenticator.shortTerm(auth))), List.of(SHORT_TERM_STUN));
        world.name(SHORT_TERM_STUN.getAddress(), "stun (short-term)");
    }

    static final InetSocketAddress AUTH_5780 = NetworkSteps.at("192.0.2.31", 3478);
    static final InetSocketAddress AUTH_5780_ALT = NetworkSteps.at("192.0.2.32", 3479);

    /** RFC 5780 §6.1 with authentication: a behaviour-discovery server that requires a short-term credential. */
    @Given("an RFC 5780 STUN server on the internet requiring the short-term credential {string} with password {string}")
    public void shortTerm5780(String user, String password) {
        Host h = world.sim().addHost("auth-5780-stun");
        h.attach(world.sim().realm("internet"), AUTH_5780.getAddress());
        h.attach(world.sim().realm("internet"), AUTH_5780_ALT.getAddress());
        io.icelab.stun.ShortTermAuthenticator auth = new io.icelab.stun.ShortTermAuthenticator(
                u -> u.equals(user) ? password : null);
        io.icelab.stun.StunServer server = new io.icelab.stun.StunServer(new io.icelab.stun.StunServer.Config(AUTH_5780,
                AUTH_5780_ALT, io.icelab.stun.Version.SOFTWARE, io.icelab.stun.RequestAuthenticator.shortTerm(auth)));
        h.run("stun", server, server.localAddresses());
        world.name(AUTH_5780.getAddress(), "stun (RFC 5780, short-term)");
    }

    @When("{word} sends {string} to the RFC 5780 short-term STUN server")
    public void toShortTerm5780(String who, String kind) {
        toServer(who, kind, AUTH_5780);
    }

    @When("{word} sends {string} to the short-term STUN server")
    public void toShortTermServer(String who, String kind) {
        toServer(who, kind, SHORT_TERM_STUN);
    }

    /** RFC 8489 §9.1.3: the answer is signed with the same short-term password. */
    @Then("the answer's MESSAGE-INTEGRITY verifies with the password {string}")
    public void answerSigned(String password) {
        StunMessage m = answer();
        assertThat(new io.icelab.stun.Integrity().verify(m, io.icelab.stun.StunKeys.shortTerm(password)))
                .as(m.toString()).isEqualTo(io.icelab.stun.Integrity.Status.VALID);
    }

    private void toServer(String who, String kind, InetSocketAddress server) {
        if (!clients.containsKey(who)) {
            RawRequestClient c = new RawRequestClient(world.sim().random(who + ":raw-stun"), world.locals.get(who),
                    NetworkSteps.STUN, "", "");
            clients.put(who, c);
            apps.put(who, world.sim().host(who).run("raw-stun", c,
                    List.of(world.locals.get(who))));
        }
        RawRequestClient client = clients.get(who);
        SimApp<StunMessage> app = apps.get(who);
        world.raw.expect(app);
        byte[] message = message(who, kind);
        sentAt = world.sim().now();
        boolean answered = !kind.contains("indication") && !kind.contains("wrong FINGERPRINT");
        app.at(world.sim().now(), kind, () -> client.sendRaw(server, message, answered));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** The bytes of the raw message a step names (RFC 8489 §14, RFC 5780 §7, RFC 3489 §11.1). */
    private byte[] message(String who, String kind) {
        io.icelab.stun.UnknownAttribute unknown = new io.icelab.stun.UnknownAttribute(0x7F01, io.icelab.stun.Bytes.EMPTY);
        io.icelab.stun.TransactionId id = io.icelab.stun.TransactionId.random(world.sim().random(who + ":raw-stun-id:" + kind));
        return switch (kind) {
            case "an RFC 3489 Binding request" -> classicBinding(world.sim().random(who + ":raw-stun-classic"));
            case "a Binding request with the comprehension-required attribute 0x7F01" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id).add(unknown).encode();
            case "a Binding indication with the comprehension-required attribute 0x7F01" ->
                    io.icelab.stun.StunMessageBuilder.indication(Method.BINDING, id).add(unknown).encode();
            case "a Binding request with PADDING of 100 bytes" -> io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                    .add(io.icelab.stun.NatBehaviorAttribute.Padding.ofLength(100)).fingerprint().encode();
            case "a Binding request with RESPONSE-PORT 6000" -> io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                    .add(new io.icelab.stun.NatBehaviorAttribute.ResponsePort(6000)).fingerprint().encode();
            case "a Binding request with PADDING and RESPONSE-PORT 6000" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(io.icelab.stun.NatBehaviorAttribute.Padding.ofLength(100))
                            .add(new io.icelab.stun.NatBehaviorAttribute.ResponsePort(6000)).fingerprint().encode();
            case "a Binding request with a FINGERPRINT" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id).fingerprint().encode();
            case "a Binding request signed with USERNAME \"alice\" and password \"s3cret-s3cret-s3cret-22\"" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(io.icelab.stun.CoreAttribute.Username.of("alice"))
                            .integrity(io.icelab.stun.StunKeys.shortTerm("s3cret-s3cret-s3cret-22")).fingerprint().encode();
            case "a Binding request signed with USERNAME \"alice\" and password \"wrong\"" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(io.icelab.stun.CoreAttribute.Username.of("alice"))
                            .integrity(io.icelab.stun.StunKeys.shortTerm("wrong")).fingerprint().encode();
            case "a Binding request signed with MESSAGE-INTEGRITY-SHA256 as USERNAME \"alice\" and password \"s3cret-s3cret-s3cret-22\"" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(io.icelab.stun.CoreAttribute.Username.of("alice"))
                            .integritySha256(io.icelab.stun.StunKeys.shortTerm("s3cret-s3cret-s3cret-22")).fingerprint().encode();
            case "a Binding request with the comprehension-optional attribute 0xC001" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(new io.icelab.stun.UnknownAttribute(0xC001, io.icelab.stun.Bytes.wrap(new byte[] {1, 2, 3, 4})))
                            .encode();
            case "a Binding request with a LIFETIME" -> io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                    .add(new io.icelab.stun.TurnAttribute.Lifetime(600)).encode();
            case "a Binding request signed without USERNAME" -> io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                    .integrity(io.icelab.stun.StunKeys.shortTerm("s3cret-s3cret-s3cret-22")).fingerprint().encode();
            case "a Binding request with USERNAME \"alice\" and no MESSAGE-INTEGRITY" ->
                    io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id)
                            .add(io.icelab.stun.CoreAttribute.Username.of("alice")).fingerprint().encode();
            case "a Binding request with a wrong FINGERPRINT" -> {
                byte[] b = io.icelab.stun.StunMessageBuilder.request(Method.BINDING, id).fingerprint().encode();
                b[b.length - 1] ^= 0x01;
                yield b;
            }
            default -> throw new IllegalArgumentException("unknown STUN message '" + kind + "'");
        };
    }

    /** RFC 3489 §11.1: type, length, then a 128-bit transaction id whose first word is not the magic cookie. */
    private static byte[] classicBinding(java.util.random.RandomGenerator random) {
        byte[] b = new byte[20];
        b[1] = 0x01;
        do {
            for (int i = 4; i < 20; i++) {
                b[i] = (byte) random.nextInt(256);
            }
        } while (b[4] == 0x21 && b[5] == 0x12 && b[6] == (byte) 0xA4 && b[7] == 0x42);
        return b;
    }

    /** RFC 5780 §6.1: an RFC 5780 server's answer carries both mapped addresses (equal), RESPONSE-ORIGIN and OTHER-ADDRESS. */
    @Then("the answer carries MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS")
    public void rfc5780Answer() {
        StunMessage m = answer();
        assertThat(m.messageClass()).as(m.toString()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        io.icelab.stun.CoreAttribute.MappedAddress plain = m.attribute(io.icelab.stun.CoreAttribute.MappedAddress.class);
        io.icelab.stun.CoreAttribute.XorMappedAddress xor = m.attribute(io.icelab.stun.CoreAttribute.XorMappedAddress.class);
        assertThat(plain).as("MAPPED-ADDRESS in " + m).isNotNull();
        assertThat(xor).as("XOR-MAPPED-ADDRESS in " + m).isNotNull();
        assertThat(plain.address()).isEqualTo(xor.address());
        assertThat(m.has(io.icelab.stun.NatBehaviorAttribute.ResponseOrigin.class)).as("RESPONSE-ORIGIN in " + m).isTrue();
        assertThat(m.has(io.icelab.stun.NatBehaviorAttribute.OtherAddress.class)).as("OTHER-ADDRESS in " + m).isTrue();
    }

    /** RFC 5780 §7.5: the answer to a request with RESPONSE-PORT goes to the request's source IP at that port. */
    @Then("the STUN server answered {word} at port {int}")
    public void answeredAtPort(String who, int port) {
        java.net.InetSocketAddress to = new java.net.InetSocketAddress(world.locals.get(who).getAddress(), port);
        long sent = sentAt;
        assertThat(world.recorder.packets()).as("an answer from the STUN server to %s", to).anyMatch(c -> c.timeNanos() >= sent
                && c.packet().destination().equals(to) && c.packet().source().getAddress().equals(NetworkSteps.STUN.getAddress())
                && IceSteps.stun(c) != null && IceSteps.stun(c).messageClass() == MessageClass.SUCCESS_RESPONSE);
    }

    @Then("the answer carries PADDING")
    public void paddedAnswer() {
        StunMessage m = answer();
        assertThat(m.has(io.icelab.stun.NatBehaviorAttribute.Padding.class)).as("PADDING in " + m).isTrue();
    }

    @Then("the answer carries MAPPED-ADDRESS and no XOR-MAPPED-ADDRESS")
    public void classicAnswer() {
        StunMessage m = answer();
        assertThat(m.messageClass()).as(m.toString()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        assertThat(m.isClassic()).as("answered in RFC 3489's format: " + m).isTrue();
        assertThat(m.has(io.icelab.stun.CoreAttribute.MappedAddress.class)).as(m.toString()).isTrue();
        assertThat(m.has(io.icelab.stun.CoreAttribute.XorMappedAddress.class)).as(m.toString()).isFalse();
    }

    @Then("the answer's MAPPED-ADDRESS is {string}")
    public void mappedAddress(String address) {
        StunMessage m = answer();
        io.icelab.stun.CoreAttribute.MappedAddress a = m.attribute(io.icelab.stun.CoreAttribute.MappedAddress.class);
        assertThat(a).as(m.toString()).isNotNull();
        assertThat(io.icelab.stun.TransportAddresses.format(a.address())).isEqualTo(address);
    }

    @Then("the STUN server sends nothing back")
    public void nothingBack() {
        long sent = sentAt;
        assertThat(world.recorder.packets()).as("packets from the STUN server after the indication")
                .noneMatch(c -> c.timeNanos() >= sent && c.packet().source().equals(NetworkSteps.STUN));
    }
}
