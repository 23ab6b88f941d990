package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.icelab.sim.Host;
import io.icelab.sim.Realm;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The STUN codec on hand-made messages and the RFC 5769 test vectors (RFC 8489 §5, §14): what decodes, with which
 * typed error at which offset, and what the vectors' attributes, FINGERPRINT and MESSAGE-INTEGRITY read. Each message
 * crosses the simulated wire once, so the scenario has a capture.
 */
public final class StunCodecSteps {
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
    private StunMessage vector;

    private final World world;

    public StunCodecSteps(World world) {
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
                .map(StunCodecSteps::render).toList();
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

    /** An attribute of the RFC 5769 vector, rendered as by {@link #render}. */
    @Then("its {word} reads {string}")
    public void vectorAttribute(String attribute, String value) {
        assertThat(vector.attributes().stream().filter(a -> io.icelab.stun.AttributeType.name(a.type()).equals(attribute))
                .map(StunCodecSteps::render).toList()).as("%s in %s", attribute, vector).containsExactly(value);
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
}
