package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.sim.SimTurnServer;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests a scenario names in words, sent by {@link RawRequestClient} from a simulated host to icelab's
 * TURN server, and the answers they get (RFC 8656 §7.2, §8.2, §10.2, §12.2; RFC 8489 §9.2).
 */
public final class RawRequestSteps {
    static final long S = SimTime.S;
    private static final InetSocketAddress PEER = NetworkSteps.at("198.51.100.99", 7000);
    private static final int UDP = TurnAttribute.RequestedTransport.UDP;
    private static final Map<String, Request> REQUESTS = new LinkedHashMap<>();
    static final java.util.Set<String> KNOWN_ATTRIBUTES = java.util.stream.IntStream.range(0, 0x10000)
            .mapToObj(io.icelab.stun.AttributeType::name).filter(n -> !n.startsWith("0x"))
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

    private record Request(Method method, List<StunAttribute> attributes) {
    }

    /** An IPv6 documentation address (RFC 3849) as a peer for an IPv4 allocation (RFC 8656 §10.2, §12.2: 443). */
    private static final class IpLiteral6 {
        static final java.net.InetAddress V6_PEER;

        static {
            try {
                V6_PEER = java.net.InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 9});
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        private IpLiteral6() {
        }
    }

    static {
        REQUESTS.put("an Allocate", new Request(Method.ALLOCATE, List.of(new TurnAttribute.RequestedTransport(UDP))));
        REQUESTS.put("an Allocate without REQUESTED-TRANSPORT", new Request(Method.ALLOCATE, List.of()));
        REQUESTS.put("an Allocate for TCP", new Request(Method.ALLOCATE,
                List.of(new TurnAttribute.RequestedTransport(TurnAttribute.RequestedTransport.TCP))));
        REQUESTS.put("an Allocate with DONT-FRAGMENT", new Request(Method.ALLOCATE,
                List.of(new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.DontFragment())));
        REQUESTS.put("an Allocate with EVEN-PORT and a RESERVATION-TOKEN", new Request(Method.ALLOCATE,
                List.of(new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.EvenPort(false),
                        new TurnAttribute.ReservationToken(0x0102030405060708L))));
        REQUESTS.put("an Allocate with an unknown RESERVATION-TOKEN", new Request(Method.ALLOCATE,
                List.of(new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.ReservationToken(0x0102030405060708L))));
        REQUESTS.put("an Allocate for IPv6", new Request(Method.ALLOCATE, List.of(new TurnAttribute.RequestedTransport(UDP),
                new TurnAttribute.RequestedAddressFamily(TurnAttribute.RequestedAddressFamily.IPV6))));
        REQUESTS.put("an Allocate with REQUESTED- and ADDITIONAL-ADDRESS-FAMILY", new Request(Method.ALLOCATE,
                List.of(new TurnAttribute.RequestedTransport(UDP),
                        new TurnAttribute.RequestedAddressFamily(TurnAttribute.RequestedAddressFamily.IPV4),
                        new TurnAttribute.AdditionalAddressFamily(TurnAttribute.RequestedAddressFamily.IPV6))));
        for (int seconds : new int[] {30, 1200, 100_000}) {
            REQUESTS.put("an Allocate with LIFETIME " + seconds, new Request(Method.ALLOCATE,
                    List.of(new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.Lifetime(seconds))));
        }
        REQUESTS.put("an Allocate with ADDITIONAL-ADDRESS-FAMILY IPv6", new Request(Method.ALLOCATE, List.of(
                new TurnAttribute.RequestedTransport(UDP),
                new TurnAttribute.AdditionalAddressFamily(TurnAttribute.RequestedAddressFamily.IPV6))));
        REQUESTS.put("an Allocate with ADDITIONAL-ADDRESS-FAMILY IPv4", new Request(Method.ALLOCATE, List.of(
                new TurnAttribute.RequestedTransport(UDP),
                new TurnAttribute.AdditionalAddressFamily(TurnAttribute.RequestedAddressFamily.IPV4))));
        REQUESTS.put("an Allocate with EVEN-PORT reserving the next port", new Request(Method.ALLOCATE, List.of(
                new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.EvenPort(true))));
        REQUESTS.put("a Refresh", new Request(Method.REFRESH, List.of()));
        // RFC 8489 §9.2.4: with the password-algorithms bit in the nonce, a PASSWORD-ALGORITHM needs the server's list
        REQUESTS.put("a Refresh with PASSWORD-ALGORITHM but no PASSWORD-ALGORITHMS", new Request(Method.REFRESH,
                List.of(io.icelab.stun.CoreAttribute.PasswordAlgorithm.of(io.icelab.stun.CoreAttribute.PasswordAlgorithm.MD5))));
        REQUESTS.put("a Refresh whose PASSWORD-ALGORITHMS lists MD5 only", new Request(Method.REFRESH, List.of(
                new io.icelab.stun.CoreAttribute.PasswordAlgorithms(List.of(
                        io.icelab.stun.CoreAttribute.PasswordAlgorithm.of(io.icelab.stun.CoreAttribute.PasswordAlgorithm.MD5))),
                io.icelab.stun.CoreAttribute.PasswordAlgorithm.of(io.icelab.stun.CoreAttribute.PasswordAlgorithm.MD5))));
        for (String f : new String[] {"IPv4", "IPv6"}) {
            REQUESTS.put("a Refresh with REQUESTED-ADDRESS-FAMILY " + f, new Request(Method.REFRESH, List.of(
                    new TurnAttribute.RequestedAddressFamily(f.equals("IPv4") ? TurnAttribute.RequestedAddressFamily.IPV4
                            : TurnAttribute.RequestedAddressFamily.IPV6))));
        }
        InetSocketAddress v6 = new InetSocketAddress(IpLiteral6.V6_PEER, 7000);
        REQUESTS.put("a CreatePermission for [2001:db8::9]", new Request(Method.CREATE_PERMISSION,
                List.of(new TurnAttribute.XorPeerAddress(v6))));
        REQUESTS.put("a ChannelBind of channel 0x4001 to [2001:db8::9]:7000", new Request(Method.CHANNEL_BIND,
                List.of(new TurnAttribute.ChannelNumber(0x4001), new TurnAttribute.XorPeerAddress(v6))));
        for (String a : new String[] {"USERNAME", "REALM", "NONCE"}) {
            REQUESTS.put("a Refresh signed without " + a, new Request(Method.REFRESH, List.of()));
        }
        REQUESTS.put("a Refresh with LIFETIME 0", new Request(Method.REFRESH, List.of(new TurnAttribute.Lifetime(0))));
        REQUESTS.put("a CreatePermission without XOR-PEER-ADDRESS", new Request(Method.CREATE_PERMISSION, List.of()));
        REQUESTS.put("a CreatePermission for 198.51.100.99", new Request(Method.CREATE_PERMISSION,
                List.of(new TurnAttribute.XorPeerAddress(PEER))));
        for (int channel : new int[] {0x3FFF, 0x4000, 0x4001, 0x5000, 0x8000}) {
            REQUESTS.put(String.format("a ChannelBind of channel 0x%04X to 198.51.100.99:7000", channel),
                    new Request(Method.CHANNEL_BIND, List.of(new TurnAttribute.ChannelNumber(channel),
                            new TurnAttribute.XorPeerAddress(PEER))));
        }
        REQUESTS.put("a CreatePermission for 198.51.100.98", new Request(Method.CREATE_PERMISSION,
                List.of(new TurnAttribute.XorPeerAddress(NetworkSteps.at("198.51.100.98", 7000)))));
        REQUESTS.put("a ChannelBind of channel 0x4000 to 198.51.100.98:7000", new Request(Method.CHANNEL_BIND,
                List.of(new TurnAttribute.ChannelNumber(0x4000), new TurnAttribute.XorPeerAddress(
                        NetworkSteps.at("198.51.100.98", 7000)))));
        // RFC 6062 (a TURN server that grants TCP allocations)
        InetSocketAddress tcpPeer = NetworkSteps.at("198.51.100.77", 8000);
        REQUESTS.put("a Connect to 198.51.100.77:8000", new Request(Method.CONNECT,
                List.of(new TurnAttribute.XorPeerAddress(tcpPeer))));
        REQUESTS.put("a Connect without XOR-PEER-ADDRESS", new Request(Method.CONNECT, List.of()));
        REQUESTS.put("a Connect to 10.0.0.1:8000", new Request(Method.CONNECT,
                List.of(new TurnAttribute.XorPeerAddress(NetworkSteps.at("10.0.0.1", 8000)))));
        REQUESTS.put("an Allocate for TCP with EVEN-PORT", new Request(Method.ALLOCATE, List.of(
                new TurnAttribute.RequestedTransport(TurnAttribute.RequestedTransport.TCP), new TurnAttribute.EvenPort(false))));
        REQUESTS.put("a ConnectionBind with CONNECTION-ID 0x01020304", new Request(Method.CONNECTION_BIND,
                List.of(new TurnAttribute.ConnectionId(0x01020304))));
        REQUESTS.put("a ConnectionBind without CONNECTION-ID", new Request(Method.CONNECTION_BIND, List.of()));
        REQUESTS.put("a ChannelBind of channel 0x4000 to 198.51.100.99:7001", new Request(Method.CHANNEL_BIND,
                List.of(new TurnAttribute.ChannelNumber(0x4000), new TurnAttribute.XorPeerAddress(
                        NetworkSteps.at("198.51.100.99", 7001)))));
    }

    private final World world;
    /** The raw TURN clients, by who sends. */
    private final Map<String, RawRequestClient> clients = new java.util.LinkedHashMap<>();
    /** The CONNECTION-ID of the Connect success the data connections bind. */
    private TurnAttribute.ConnectionId connectionId;
    /** Data connections opened so far (each from its own port). */
    private int dataConnections;
    /** The relayed address a RESERVATION-TOKEN was granted with. */
    private InetSocketAddress reservedFrom;

    public RawRequestSteps(World world) {
        this.world = world;
    }

    private RawRequestClient client(String who) {
        RawRequestClient c = clients.get(who);
        if (c == null) {
            throw new AssertionError(who + " sent no raw TURN request yet");
        }
        return c;
    }

    /** RFC 8656 §12: a server that takes channel numbers 0x4000-0x4FFF only (RFC 5766's range off). */
    @Given("a TURN server on the internet for user {string} with password {string} taking RFC 8656 channel numbers only")
    public void rfc8656Channels(String user, String password) {
        Host turn = world.sim().addHost("turn");
        turn.attach(world.sim().realm("internet"), NetworkSteps.ip("192.0.2.10"),
                io.icelab.sim.Impairments.latency(5 * SimTime.MS), io.icelab.sim.Impairments.latency(5 * SimTime.MS));
        world.turn = (new SimTurnServer(world.sim(), turn, NetworkSteps.TURN, "icelab",
                new StaticUsers(Map.of(user, password)), 10, io.icelab.turn.TurnServer.Config::rfc8656ChannelsOnly));
        world.name(NetworkSteps.ip("192.0.2.10"), "turn");
    }

    @Given("a TURN server on the internet for users {string} and {string} with passwords {string} and {string}")
    public void twoUsers(String user1, String user2, String password1, String password2) {
        Host turn = world.sim().addHost("turn");
        turn.attach(world.sim().realm("internet"), NetworkSteps.ip("192.0.2.10"),
                io.icelab.sim.Impairments.latency(5 * SimTime.MS), io.icelab.sim.Impairments.latency(5 * SimTime.MS));
        Map<String, String> users = new java.util.TreeMap<>(Map.of(user1, password1, user2, password2));
        world.turn = (new SimTurnServer(world.sim(), turn, NetworkSteps.TURN, "icelab", new StaticUsers(users),
                10));
        world.name(NetworkSteps.ip("192.0.2.10"), "turn");
    }

    @When("{word}, as {string} with password {string}, sends {string}")
    public void first(String who, String user, String password, String request) {
        RawRequestClient client = new RawRequestClient(world.sim().random(who + ":raw-turn"), world.locals.get(who),
                NetworkSteps.TURN, user, password);
        SimApp<StunMessage> app = world.sim().host(who).run("raw-turn", client, List.of(world.locals.get(who)));
        clients.put(who, client);
        send(client, app, request);
    }

    /** RFC 6062: the raw client over a TCP connection from WHO's address to the TURN server. */
    @When("{word}, as {string} with password {string}, sends {string} over TCP")
    public void firstOverTcp(String who, String user, String password, String request) {
        RawRequestClient client = new RawRequestClient(world.sim().random(who + ":raw-turn-tcp"), world.locals.get(who),
                NetworkSteps.TURN, io.icelab.stun.Transport.TCP, user, password);
        SimApp<StunMessage> app = world.sim().host(who).run("raw-turn-tcp", client, List.of(world.locals.get(who)));
        world.sim().host(who).tcpFraming(app, io.icelab.stun.StreamFramer.Framing.STUN);
        clients.put(who, client);
        send(client, app, request);
    }

    /**
     * RFC 6062 §5.4: a new TCP connection from another port of WHO's host binds the CONNECTION-ID of the last answer
     * (a Connect success), signed as USER.
     */
    @When("{word}, from another port over TCP, binds the CONNECTION-ID of the Connect as {string} with password {string}")
    public void bindFromAnotherPort(String who, String user, String password) {
        if (connectionId == null) {
            connectionId = answer().attribute(TurnAttribute.ConnectionId.class);
        }
        TurnAttribute.ConnectionId id = connectionId;
        assertThat(id).as("CONNECTION-ID in %s", answer()).isNotNull();
        InetSocketAddress other = new InetSocketAddress(world.locals.get(who).getAddress(),
                world.locals.get(who).getPort() + 11 + dataConnections);
        RawRequestClient client = new RawRequestClient(world.sim().random(who + ":raw-turn-data" + dataConnections), other,
                NetworkSteps.TURN, io.icelab.stun.Transport.TCP, user, password);
        SimApp<StunMessage> app = world.sim().host(who).run("raw-turn-data-" + dataConnections++, client, List.of(other));
        world.sim().host(who).tcpFraming(app, io.icelab.stun.StreamFramer.Framing.STUN);
        world.raw.expect(app);
        app.at(world.sim().now(), "ConnectionBind", () -> client.request(Method.CONNECTION_BIND, List.of(id)));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @When("{word} then sends {string}")
    public void then(String who, String request) {
        send(client(who), world.raw.app(), request);
    }

    @When("{word} then sends {string} as {string} with password {string}")
    public void thenAs(String who, String request, String user, String password) {
        client(who).credentials(user, password);
        then(who, request);
    }

    private void send(RawRequestClient client, SimApp<StunMessage> app, String request) {
        boolean unsigned = request.startsWith("an unsigned ");
        String name = unsigned ? "a " + request.substring("an unsigned ".length()) : request;
        Request r = REQUESTS.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown request '" + request + "'; known (each may start 'an unsigned'"
                    + " instead of 'a'): " + REQUESTS.keySet());
        }
        world.raw.expect(app);
        java.util.Set<String> omit = new java.util.TreeSet<>();
        for (String a : new String[] {"USERNAME", "REALM", "NONCE"}) {
            if (request.endsWith(" signed without " + a)) {
                omit.add(a);
            }
        }
        app.at(world.sim().now(), request, () -> {
            if (unsigned) {
                client.unsigned(r.method(), r.attributes());
            } else if (!omit.isEmpty()) {
                client.signedWithout(r.method(), r.attributes(), omit);
            } else {
                client.request(r.method(), r.attributes());
            }
        });
        world.sim().runUntil(world.sim().now() + 2 * S);
    }


    /**
     * RFC 8489 §6.3.1: the last request again, byte for byte (same transaction id), as a client does when
     * the answer was lost; the scenario then reads the answer to the retransmission.
     */
    @When("{word} then retransmits it")
    public void retransmit(String who) {
        RawRequestClient client = client(who);
        SimApp<StunMessage> app = world.raw.app();
        world.raw.expect(app);
        app.at(world.sim().now(), "retransmission", client::retransmitLast);
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /**
     * RFC 8656 §7.2: a second raw client on WHO's host (another local port) redeems the RESERVATION-TOKEN the last
     * answer carried, {@code seconds} after it was granted.
     */
    @When("{word}, {int} s later, redeems the RESERVATION-TOKEN from another port as {string} with password {string}")
    public void redeem(String who, int seconds, String user, String password) {
        StunMessage granted = answer();
        TurnAttribute.ReservationToken token = granted.attribute(TurnAttribute.ReservationToken.class);
        assertThat(token).as("RESERVATION-TOKEN in %s", granted).isNotNull();
        reservedFrom = granted.attribute(TurnAttribute.XorRelayedAddress.class).address();
        world.sim().runUntil(world.sim().now() + seconds * S - 2 * S);
        InetSocketAddress other = new InetSocketAddress(world.locals.get(who).getAddress(), world.locals.get(who).getPort() + 7);
        RawRequestClient client = new RawRequestClient(world.sim().random(who + ":raw-turn-2"), other, NetworkSteps.TURN,
                user, password);
        SimApp<StunMessage> app = world.sim().host(who).run("raw-turn-2", client, List.of(other));
        world.raw.expect(app);
        app.at(world.sim().now(), "redeem the reservation", () -> client.request(Method.ALLOCATE, List.of(
                new TurnAttribute.RequestedTransport(UDP), new TurnAttribute.ReservationToken(token.token()))));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** RFC 8656 §7.2: the reserved port is the one after the even port of the reserving allocation. */
    @Then("the answer grants the port after the reserved even one")
    public void nextPort() {
        StunMessage m = answer();
        InetSocketAddress first = reservedFrom;
        assertThat(first.getPort() % 2).as("the reserving allocation's port %d", first.getPort()).isZero();
        TurnAttribute.XorRelayedAddress r = m.attribute(TurnAttribute.XorRelayedAddress.class);
        assertThat(r).as(m.toString()).isNotNull();
        assertThat(r.address()).isEqualTo(new InetSocketAddress(first.getAddress(), first.getPort() + 1));
    }

    /** The relayed address of the last successful Allocate answer of the raw client. */
    @Then("the answer grants the same relayed address as before")
    public void sameRelayed() {
        List<StunMessage> all = world.raw.all();
        List<InetSocketAddress> relayed = all.stream().filter(m -> m.has(TurnAttribute.XorRelayedAddress.class))
                .map(m -> m.attribute(TurnAttribute.XorRelayedAddress.class).address()).toList();
        assertThat(relayed).as("relayed addresses granted").hasSizeGreaterThan(1);
        assertThat(relayed).as("relayed addresses granted").containsOnly(relayed.get(0));
    }

    /** RFC 8656 §7.2: relayed ports come from the dynamic range. */
    @Then("the answer grants a relayed port from {int} to {int}")
    public void portRange(int low, int high) {
        StunMessage m = answer();
        TurnAttribute.XorRelayedAddress r = m.attribute(TurnAttribute.XorRelayedAddress.class);
        assertThat(r).as(m.toString()).isNotNull();
        assertThat(r.address().getPort()).isBetween(low, high);
    }

    /**
     * Data from the raw client without any refresh of its own: ChannelData on a channel number, or a Send
     * indication to a peer (RFC 8656 §11.1, §12.5), so a scenario sees what the server does once its
     * permissions and channels were left to expire.
     */
    @When("{word} then sends ChannelData on channel {word} saying {string}")
    public void channelData(String who, String channel, String text) {
        RawRequestClient client = client(who);
        byte[] data = new io.icelab.turn.ChannelData(Integer.decode(channel), io.icelab.stun.Bytes.wrap(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).encode(io.icelab.stun.Transport.UDP);
        world.raw.app().at(world.sim().now(), "channel data",
                () -> client.sendRawBytes(data));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** RFC 8656 §11.2: a Send indication without DATA, which the server must drop. */
    @When("{word} then sends a Send indication to {string} without DATA")
    public void sendWithoutData(String who, String peer) {
        RawRequestClient client = client(who);
        byte[] data = io.icelab.stun.StunMessageBuilder.indication(Method.SEND,
                io.icelab.stun.TransactionId.random(world.sim().random(who + ":raw-send-nodata")))
                .add(new TurnAttribute.XorPeerAddress(NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]))))
                .fingerprint().encode();
        world.raw.app().at(world.sim().now(), "send indication without DATA",
                () -> client.sendRawBytes(data));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @Then("the peer at {string} received nothing")
    public void peerGotNothing(String peer) {
        assertThat(world.peer(peer).host().events())
                .as("datagrams the peer at %s received", peer).isEmpty();
    }

    @When("{word} then sends a Send indication to {string} saying {string}")
    public void sendIndication(String who, String peer, String text) {
        RawRequestClient client = client(who);
        byte[] data = io.icelab.stun.StunMessageBuilder.indication(Method.SEND,
                io.icelab.stun.TransactionId.random(world.sim().random(who + ":raw-send")))
                .add(new TurnAttribute.XorPeerAddress(NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]))))
                .add(new TurnAttribute.Data(io.icelab.stun.Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .fingerprint().encode();
        world.raw.app().at(world.sim().now(), "send indication",
                () -> client.sendRawBytes(data));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** Data the TURN server relayed to WHO, as ChannelData or in a Data indication (RFC 8656 §11.3, §12.7). */
    @Then("^the TURN server (did not relay|relayed) \"([^\"]*)\" (?:back )?to (\\w+)$")
    public void relayedTo(String verdict, String text, String who) {
        java.net.InetAddress to = world.locals.get(who).getAddress();
        byte[] want = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean seen = world.recorder.packets().stream().filter(c -> c.packet().source().equals(NetworkSteps.TURN)
                && c.packet().destination().getAddress().equals(to))
                .anyMatch(c -> indexOf(c.packet().payload().toArray(), want) >= 0);
        assertThat(seen).as("%s from the TURN server to %s", text, who).isEqualTo(verdict.equals("relayed"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** What a peer host received, whoever sent it (the raw client's relayed address is not tracked). */
    @Then("the peer at {string} received {string}")
    public void peerGot(String peer, String text) {
        assertThat(world.peer(peer).host().events())
                .as("datagrams the peer at %s received", peer).anyMatch(d -> d.payload().utf8().equals(text));
    }

    @Then("the peer at {string} did not receive {string}")
    public void peerDidNotGet(String peer, String text) {
        assertThat(world.peer(peer).host().events())
                .as("datagrams the peer at %s received", peer).noneMatch(d -> d.payload().utf8().equals(text));
    }

    private StunMessage answer() {
        return lastAnswer(world);
    }

    /** The final answer to the last raw request (from these steps or {@link RawStunSteps}). */
    static StunMessage lastAnswer(World world) {
        return world.raw.last();
    }

    /**
     * Which attributes the final answer to the last raw request carries, or does not ("carries no A, B or C"):
     * RFC 8489 §9.1.3, §9.2.4 and RFC 8656 §5 say which ones each answer must or must not have.
     */
    @Then("^the answer to it carries (no )?([A-Z][A-Z0-9-]*(?:(?:, | and | or )[A-Z][A-Z0-9-]*)*)$")
    public void carries(String no, String list) {
        AuthWireSteps.carries(answer(), no, list);
    }

    /** RFC 8489 §14.14: SOFTWARE names the maker and the version ("icelab 0.x"). */
    @Then("the answer to it carries SOFTWARE naming {string} and a version")
    public void software(String maker) {
        StunMessage m = answer();
        io.icelab.stun.CoreAttribute.Software s = m.attribute(io.icelab.stun.CoreAttribute.Software.class);
        assertThat(s).as("SOFTWARE in %s", m).isNotNull();
        assertThat(s.value().utf8()).matches(java.util.regex.Pattern.quote(maker) + " \\d+\\.\\d+.*");
    }

    @Then("the answer to it is error {int}")
    public void error(int code) {
        StunMessage m = answer();
        assertThat(m.messageClass()).as(m.toString()).isEqualTo(MessageClass.ERROR_RESPONSE);
        assertThat(m.errorCode()).as(m.toString()).isEqualTo(code);
    }

    @Then("the answer to it is a success")
    public void success() {
        StunMessage m = answer();
        assertThat(m.messageClass()).as(m.toString()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    }

    @Then("the answer grants a lifetime of {int} s")
    public void lifetime(int seconds) {
        StunMessage m = answer();
        TurnAttribute.Lifetime l = m.attribute(TurnAttribute.Lifetime.class);
        assertThat(l).as(m.toString()).isNotNull();
        assertThat(l.seconds()).isEqualTo(seconds);
    }

    /** RFC 8656 §7.2: the relayed addresses granted, and the ADDRESS-ERROR-CODE for a family that was not. */
    @Then("the answer grants an IPv4 relayed address and ADDRESS-ERROR-CODE {int} for IPv6")
    public void partialDual(int code) {
        StunMessage m = answer();
        assertThat(m.messageClass()).as(m.toString()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        assertThat(m.attributes(TurnAttribute.XorRelayedAddress.class)).as(m.toString()).singleElement()
                .satisfies(a -> assertThat(a.address().getAddress()).isInstanceOf(java.net.Inet4Address.class));
        TurnAttribute.AddressErrorCode e = m.attribute(TurnAttribute.AddressErrorCode.class);
        assertThat(e).as(m.toString()).isNotNull();
        assertThat(e.family()).isEqualTo(TurnAttribute.RequestedAddressFamily.IPV6);
        assertThat(e.code()).isEqualTo(code);
    }

    @Then("the TURN server holds {int} allocation(s)")
    public void allocations(int n) {
        assertThat(world.turn.server().allocations()).isEqualTo(n);
    }
}
