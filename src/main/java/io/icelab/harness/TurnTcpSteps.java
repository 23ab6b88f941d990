package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Host;
import io.icelab.sim.Impairments;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTcpRelays;
import io.icelab.sim.SimTime;
import io.icelab.sim.SimTurnServer;
import io.icelab.sim.TcpMessenger;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.TransportAddresses;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 6062 in the simulator: icelab's TURN server taking TCP clients and granting TCP allocations, a client with a
 * TCP allocation, and TCP peers on the internet that exchange RFC 4571-framed text with it through the relay (the
 * relay carries their stream as it is).
 */
public final class TurnTcpSteps {
    static final long S = SimTime.S;

    private record Peer(TcpMessenger messenger, SimApp<String> app, InetSocketAddress address) {
    }

    private final World world;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private TurnClient client;
    private SimApp<TurnClientEvent> app;

    public TurnTcpSteps(World world) {
        this.world = world;
    }

    /** The TURN server (192.0.2.10:3478) over UDP and TCP, granting TCP allocations (RFC 6062). */
    @Given("a TURN server on the internet for user {string} with password {string} that grants TCP allocations")
    public void turnServer(String user, String password) {
        turnServer(Map.of(user, password));
    }

    /** The same with two users (one to ask with the other's allocation). */
    @Given("a TURN server on the internet for users {string} and {string} with passwords {string} and {string} that grants TCP allocations")
    public void turnServer(String user1, String user2, String password1, String password2) {
        turnServer(new java.util.TreeMap<>(Map.of(user1, password1, user2, password2)));
    }

    private void turnServer(Map<String, String> users) {
        Host turn = world.sim().addHost("turn");
        turn.attach(world.sim().realm("internet"), NetworkSteps.ip("192.0.2.10"), Impairments.latency(5 * SimTime.MS),
                Impairments.latency(5 * SimTime.MS));
        world.turn = new SimTurnServer(world.sim(), turn, NetworkSteps.TURN, "icelab", new StaticUsers(users), 10,
                c -> c, SimTurnServer.Tcp.ON);
        world.name(NetworkSteps.ip("192.0.2.10"), "turn");
    }

    /** A host on the internet accepting TCP connections at ADDRESS; its messages are RFC 4571-framed text. */
    @Given("a TCP peer at {string}")
    public void peer(String address) {
        InetSocketAddress at = NetworkSteps.at(address.split(":")[0], Integer.parseInt(address.split(":")[1]));
        Host h = world.sim().addHost("tcp-peer-" + peers.size());
        h.attach(world.sim().realm("internet"), at.getAddress(), Impairments.latency(5 * SimTime.MS),
                Impairments.latency(5 * SimTime.MS));
        TcpMessenger m = new TcpMessenger();
        SimApp<String> a = h.run("peer", m, List.of(at));
        h.listenTcp(a, at, StreamFramer.Framing.RFC4571);
        peers.put(address, new Peer(m, a, at));
        world.name(at.getAddress(), "tcp peer");
    }

    /** RFC 6062 §4.1: REQUESTED-TRANSPORT TCP over a TCP connection to the server. */
    @When("{word} allocates a TCP relay on the TURN server as {string} with password {string}")
    public void allocate(String who, String user, String password) {
        InetSocketAddress local = world.locals.get(who);
        Host h = world.sim().host(who);
        SimTcpRelays connections = new SimTcpRelays(h, local.getAddress());
        client = new TurnClient(world.sim().random(who + ":turn-tcp"),
                TurnClient.Config.of(local, NetworkSteps.TURN, user, password).withTcpAllocation(), connections.connector());
        app = h.run("turn-tcp-client", client, List.of(local));
        connections.of(app);
        h.tcpFraming(app, StreamFramer.Framing.STUN);
        app.at(world.sim().now(), "allocate", () -> client.allocate(world.sim().now()));
        world.sim().runUntil(world.sim().now() + 5 * S);
        assertThat(app.events()).as("%s's TCP allocation", who)
                .anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
    }

    /** RFC 6062 §4.3: Connect, then a data connection and ConnectionBind. */
    @When("{word} connects through the TCP relay to {string}")
    public void connect(String who, String peer) {
        InetSocketAddress p = address(peer);
        app.at(world.sim().now(), "connect", () -> client.connect(world.sim().now(), p));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    @When("{word} asks the TCP relay for a permission for {string}")
    public void permission(String who, String peer) {
        InetSocketAddress p = address(peer);
        app.at(world.sim().now(), "permission", () -> client.createPermission(world.sim().now(), List.of(p)));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @When("{word} sends {string} over the TCP relay to {string}")
    public void send(String who, String text, String peer) {
        InetSocketAddress p = address(peer);
        app.at(world.sim().now(), "send", () -> client.send(world.sim().now(), p,
                StreamFramer.frame4571(text.getBytes(StandardCharsets.UTF_8))));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** The peer opens a connection from its address to WHO's relayed address and sends TEXT on it. */
    @When("the TCP peer at {string} connects to {word}'s relayed address and sends {string}")
    public void peerConnects(String peer, String who, String text) {
        Peer p = peers.get(peer);
        InetSocketAddress relayed = client.relayedAddress();
        p.app().at(world.sim().now(), "send", () -> p.messenger().send(p.address(), relayed, text));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    /** The peer's connection ends (FIN) after its data has gone. */
    @When("the TCP peer at {string} closes its connection to {word}'s relayed address")
    public void peerCloses(String peer, String who) {
        Peer p = peers.get(peer);
        InetSocketAddress relayed = client.relayedAddress();
        p.app().at(world.sim().now(), "close", () -> p.app().host().closeTcp(p.address(), relayed));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @Then("{word}'s peer connection to {string} is up")
    public void up(String who, String peer) {
        InetSocketAddress p = address(peer);
        assertThat(app.events()).as("%s's TURN client events", who)
                .anyMatch(e -> e instanceof TurnClientEvent.PeerConnected c && c.peer().equals(p));
    }

    @Then("{word} has a peer connection from {string}")
    public void upFrom(String who, String peerIp) {
        assertThat(app.events()).as("%s's TURN client events", who).anyMatch(e -> e instanceof TurnClientEvent.PeerConnected c
                && c.peer().getAddress().getHostAddress().equals(peerIp));
    }

    @Then("{word} has no peer connection")
    public void noPeer(String who) {
        assertThat(app.events()).noneMatch(e -> e instanceof TurnClientEvent.PeerConnected);
        assertThat(world.turn.server().peerConnections()).as("peer connections on the server").isZero();
    }

    @Then("{word}'s connect to {string} fails with {int}")
    public void failed(String who, String peer, int code) {
        InetSocketAddress p = address(peer);
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.PeerConnectionFailed f && f.peer().equals(p)
                && f.code() == code);
    }

    @Then("the TCP peer at {string} received {string}")
    public void peerReceived(String peer, String text) {
        assertThat(peers.get(peer).messenger().received()).extracting(d -> d.payload().utf8()).contains(text);
    }

    @Then("the TCP peer at {string} saw its connection from {word}'s relayed address")
    public void peerSawRelayed(String peer, String who) {
        assertThat(peers.get(peer).messenger().received()).extracting(d -> d.remote())
                .contains(client.relayedAddress());
    }

    /** Every message WHO got from PEER over the relay, decoded from the stream's RFC 4571 frames. */
    @Then("{word} received {string} over the TCP relay from {string}")
    public void received(String who, String text, String peer) {
        assertThat(framesFrom(peer)).contains(text);
    }

    @Then("{word}'s peer connection to {string} is closed")
    public void closed(String who, String peer) {
        InetSocketAddress p = address(peer);
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.PeerConnectionClosed c && c.peer().equals(p));
    }

    /** RFC 6062 §5.2: the server's connection to the peer, opened for a Connect, closed after so many seconds. */
    @Then("the TCP peer at {string} saw the TURN server's connection closed {int} s after it opened")
    public void closedAfter(String peer, int seconds) {
        List<TcpMessenger.Connection> c = peers.get(peer).messenger().connections();
        TcpMessenger.Connection opened = c.stream().filter(x -> x.event().kind() == io.icelab.stun.ConnectionEvent.Kind.OPENED)
                .findFirst().orElseThrow(() -> new AssertionError("the peer saw no connection: " + c));
        TcpMessenger.Connection closed = c.stream().filter(x -> x.event().kind() == io.icelab.stun.ConnectionEvent.Kind.CLOSED)
                .findFirst().orElseThrow(() -> new AssertionError("the peer's connection was not closed: " + c));
        assertThat(closed.at() - opened.at()).as("from opened to closed, ns")
                .isBetween(seconds * S, seconds * S + S);
    }

    @Then("the TURN server holds {int} peer connection(s)")
    public void serverHolds(int n) {
        assertThat(world.turn.server().peerConnections()).isEqualTo(n);
    }

    private List<String> framesFrom(String peer) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (TurnClientEvent e : app.events()) {
            if (e instanceof TurnClientEvent.DataReceived d && TransportAddresses.format(d.peer()).startsWith(
                    peer.contains(":") && !peer.endsWith(":") ? peer : peer + ":")) {
                stream.writeBytes(d.data().toArray());
            }
        }
        byte[] b = stream.toByteArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 2 <= b.length; ) {
            int n = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
            if (i + 2 + n > b.length) {
                break;
            }
            out.add(new String(b, i + 2, n, StandardCharsets.UTF_8));
            i += 2 + n;
        }
        return out;
    }

    private static InetSocketAddress address(String peer) {
        return NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]));
    }
}
