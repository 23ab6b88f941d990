package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.sim.SimTurnServer;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import io.icelab.turn.TurnServerEvent;
import java.net.InetSocketAddress;
import java.util.List;

/** A TURN client on a simulated host against icelab's TURN server. */
public final class TurnSteps {
    static final long S = SimTime.S;
    private final World world;
    private TurnClient client;
    private SimApp<TurnClientEvent> app;

    public TurnSteps(World world) {
        this.world = world;
    }

    @When("{word} allocates on the TURN server as {string} with password {string}")
    public void allocate(String who, String user, String password) {
        client = new TurnClient(world.sim().random(who + ":turn"),
                TurnClient.Config.of(world.locals.get(who),
                        world.turnEntry, user, password));
        app = world.sim().host(who).run("turn-client", client, List.of(world.locals.get(who)));
        app.at(world.sim().now(), "allocate", () -> client.allocate(world.sim().now()));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    @When("{word} allocates again from another port as {string} with password {string}")
    public void again(String who, String user, String password) {
        java.net.InetSocketAddress other = new java.net.InetSocketAddress(world.locals.get(who).getAddress(),
                world.locals.get(who).getPort() + 7);
        client = new TurnClient(world.sim().random(who + ":turn2"), TurnClient.Config.of(other, NetworkSteps.TURN, user,
                password));
        app = world.sim().host(who).run("turn-client-2", client, List.of(other));
        app.at(world.sim().now(), "allocate", () -> client.allocate(world.sim().now()));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    @Then("the allocation succeeds with a relayed address on the TURN server")
    public void allocated() {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated a
                && a.relayed().getAddress().equals(NetworkSteps.TURN.getAddress()));
    }

    @Then("the allocation fails with {int}")
    public void refused(int code) {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.AllocationFailed f && f.code() == code);
    }

    /** RFC 8656 §5: the client says its allocation is gone (a 437 to a refresh, permission or channel). */
    @Then("{word}'s TURN client reports the allocation lost")
    public void lost(String who) {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.AllocationLost);
    }

    @When("{word} asks for a permission for {string}")
    public void permission(String who, String peer) {
        InetSocketAddress p = NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]));
        app.at(world.sim().now(), "permission", () -> client.createPermission(world.sim().now(), List.of(p)));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    @Then("the permission is refused with {int}")
    public void permissionRefused(int code) {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.PermissionFailed f && f.code() == code);
    }

    @Then("the permission is granted")
    public void permissionGranted() {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.PermissionCreated);
    }

    /**
     * RFC 8656 §12 vs §11: how data crossed the TURN server (on its listening address, either way): as
     * ChannelData on a bound channel, or inside Send/Data indications. WHO's data is found by its text.
     */
    @Then("{string} crossed the TURN server as {word}")
    public void crossedAs(String text, String how) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<String> forms = new java.util.ArrayList<>();
        for (io.icelab.harness.Recorder.Captured c : world.recorder.packets()) {
            if (!c.realm().equals("internet") || !(c.packet().source().equals(NetworkSteps.TURN)
                    || c.packet().destination().equals(NetworkSteps.TURN))) {
                continue;
            }
            io.icelab.stun.Bytes p = c.packet().payload();
            if (!contains(p.toArray(), needle)) {
                continue;
            }
            int first = p.length() > 0 ? p.get(0) & 0xff : 0;
            forms.add(first >= 0x40 && first <= 0x7f ? "ChannelData" : "indications");
        }
        assertThat(forms).as("how \"%s\" crossed the TURN server", text).isNotEmpty();
        String expected = how.equals("ChannelData") ? "ChannelData" : "indications";
        if (!how.equals("ChannelData") && !how.equals("indications")) {
            throw new IllegalArgumentException("say 'as ChannelData' or 'as indications'");
        }
        assertThat(forms).as("how \"%s\" crossed the TURN server", text).containsOnly(expected);
    }

    /**
     * RFC 8445 §7.2.1: a check from WHO's relayed candidate leaves (as a Send indication) only after a
     * CreatePermission for the peer's IP address succeeded; and channels are bound only once WHO's pair is
     * selected (checks use CreatePermission). Read off WHO's realm.
     */
    @Then("{word} created a permission before each relayed check and bound channels only after selection")
    public void relayedCheckOrder(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.util.Map<String, java.net.InetAddress> permissionAsked = new java.util.TreeMap<>();
        java.util.Set<java.net.InetAddress> permitted = new java.util.HashSet<>();
        long selectedAt = world.sim().log().firstTime(" " + who + ":ice: SelectedPairChanged").orElse(Long.MAX_VALUE);
        int relayedChecks = 0;
        for (io.icelab.harness.Recorder.Captured c : world.recorder.packets()) {
            if (!c.realm().equals(realm)) {
                continue;
            }
            io.icelab.stun.StunMessage m = IceSteps.stun(c);
            if (m == null) {
                continue;
            }
            boolean toServer = c.packet().destination().equals(NetworkSteps.TURN);
            if (m.isRequest() && m.method().equals(io.icelab.stun.Method.CREATE_PERMISSION) && toServer) {
                permissionAsked.put(m.transactionId().toString(),
                        m.attribute(io.icelab.stun.TurnAttribute.XorPeerAddress.class).address().getAddress());
            } else if (m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE
                    && permissionAsked.containsKey(m.transactionId().toString())) {
                permitted.add(permissionAsked.get(m.transactionId().toString()));
            } else if (m.isRequest() && m.method().equals(io.icelab.stun.Method.CHANNEL_BIND) && toServer) {
                assertThat(c.timeNanos()).as("%s's ChannelBind at %s s, its pair selected at %s s", who,
                        io.icelab.sim.SimTime.format(c.timeNanos()), io.icelab.sim.SimTime.format(selectedAt))
                        .isGreaterThanOrEqualTo(selectedAt);
            } else if (m.isIndication() && m.method().equals(io.icelab.stun.Method.SEND) && toServer) {
                io.icelab.stun.TurnAttribute.Data data = m.attribute(io.icelab.stun.TurnAttribute.Data.class);
                java.net.InetAddress peer = m.attribute(io.icelab.stun.TurnAttribute.XorPeerAddress.class).address().getAddress();
                io.icelab.stun.StunMessage inner = null;
                try {
                    inner = io.icelab.stun.StunDecoder.decode(data.value());
                } catch (io.icelab.stun.StunDecodeException e) {
                    // data, not a check
                }
                if (inner != null && inner.isRequest() && inner.has(io.icelab.stun.IceAttribute.Priority.class)) {
                    relayedChecks++;
                    assertThat(permitted).as("permissions %s had when its relayed check to %s left at %s s", who, peer,
                            io.icelab.sim.SimTime.format(c.timeNanos())).contains(peer);
                }
            }
        }
        assertThat(relayedChecks).as("checks %s sent through the relay", who).isPositive();
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * RFC 8656 §11.1: every Send indication WHO's client sent went to a peer IP for which a CreatePermission
     * or ChannelBind had succeeded before (read off the wire on WHO's first link).
     */
    @Then("every Send indication {word} sent went to a peer it had a permission for")
    public void sendAfterPermission(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        java.util.Map<String, java.net.InetAddress> asked = new java.util.TreeMap<>();
        java.util.Set<java.net.InetAddress> permitted = new java.util.HashSet<>();
        int sends = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            io.icelab.stun.StunMessage m = IceSteps.stun(c);
            if (m == null || !c.realm().equals(realm)) {
                continue;
            }
            boolean mine = c.packet().source().getAddress().equals(me);
            String name = m.method().name();
            if (mine && m.isRequest() && (name.equals("CreatePermission") || name.equals("ChannelBind"))) {
                m.attributes(io.icelab.stun.TurnAttribute.XorPeerAddress.class)
                        .forEach(a -> asked.put(m.transactionId().toString(), a.address().getAddress()));
            } else if (!mine && m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE
                    && asked.containsKey(m.transactionId().toString())) {
                permitted.add(asked.get(m.transactionId().toString()));
            } else if (mine && m.isIndication() && name.equals("Send")) {
                sends++;
                java.net.InetAddress peer = m.attribute(io.icelab.stun.TurnAttribute.XorPeerAddress.class).address()
                        .getAddress();
                assertThat(permitted).as("permissions installed before a Send indication to %s at %s s", peer,
                        io.icelab.sim.SimTime.format(c.timeNanos())).contains(peer);
            }
        }
        assertThat(sends).as("Send indications %s sent", who).isPositive();
    }

    /** RFC 8656 §12: a client never binds a channel number, or a peer, to something else than before. */
    @Then("no ChannelBind {word} sent rebinds a number or a peer differently")
    public void noRebind(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress me = world.locals.get(who).getAddress();
        java.util.Map<Integer, String> peerOf = new java.util.TreeMap<>();
        java.util.Map<String, Integer> numberOf = new java.util.TreeMap<>();
        int binds = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            io.icelab.stun.StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !m.method().equals(io.icelab.stun.Method.CHANNEL_BIND)
                    || !c.realm().equals(realm) || !c.packet().source().getAddress().equals(me)) {
                continue;
            }
            binds++;
            int n = m.attribute(io.icelab.stun.TurnAttribute.ChannelNumber.class).channel();
            String peer = io.icelab.stun.TransportAddresses.format(
                    m.attribute(io.icelab.stun.TurnAttribute.XorPeerAddress.class).address());
            assertThat(peerOf.getOrDefault(n, peer)).as("channel 0x%04X", n).isEqualTo(peer);
            assertThat(numberOf.getOrDefault(peer, n)).as("peer %s", peer).isEqualTo(n);
            peerOf.put(n, peer);
            numberOf.put(peer, n);
        }
        assertThat(binds).as("ChannelBind requests %s sent", who).isPositive();
    }

    @Then("no permission refresh was refused")
    public void noPermissionRefused() {
        assertThat(app.events()).noneMatch(e -> e instanceof TurnClientEvent.PermissionFailed);
    }

    @When("{word} binds a channel to {string}")
    public void bind(String who, String peer) {
        InetSocketAddress p = NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]));
        app.at(world.sim().now(), "bind", () -> client.bindChannel(world.sim().now(), p));
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    @Then("channel {int} is bound")
    public void bound(int channel) {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.ChannelBound b && b.channel() == channel);
    }

    @When("{word} keeps the allocation for {int} s")
    public void keep(String who, int seconds) {
        world.sim().runUntil(world.sim().now() + seconds * S);
    }

    /** RFC 8656 §8: a client done with its allocation deletes it (Refresh with LIFETIME 0). */
    @When("{word} is done with the allocation")
    public void done(String who) {
        app.at(world.sim().now(), "close", () -> client.close(world.sim().now()));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @Then("the allocation is still alive")
    public void alive() {
        assertThat(client.state()).isEqualTo(TurnClient.State.ALLOCATED);
        assertThat(world.turn.server().allocations()).isEqualTo(1);
        assertThat(app.events()).noneMatch(e -> e instanceof TurnClientEvent.AllocationLost);
    }

    @When("{word} goes silent")
    public void silent(String who) {
        new IceSessionSteps(world).vanish(who);
    }

    @Then("the TURN server deletes the allocation {int} s after it was made")
    public void expired(int seconds) {
        SimTurnServer t = world.turn;
        // RFC 8656 §7.3 both ways: alive 1 s before the lifetime ends (not deleted early), gone 1 s after it
        long madeAt = world.sim().log().firstTime("AllocationCreated")
                .orElseThrow(() -> new AssertionError("the TURN server made no allocation"));
        world.sim().runUntil(madeAt + (seconds - 1) * S);
        assertThat(t.server().allocations()).as("allocations %d s after the allocation was made", seconds - 1)
                .isEqualTo(1);
        world.sim().runUntil(madeAt + (seconds + 1) * S);
        assertThat(t.server().allocations()).as("allocations %d s after the allocation was made", seconds + 1)
                .isZero();
        assertThat(t.app().events()).anyMatch(e -> e instanceof TurnServerEvent.AllocationDeleted d
                && d.reason().contains("expired"));
    }

    /** A host on the internet at IP:PORT (a TURN peer) that echoes every datagram back to its sender. */
    @io.cucumber.java.en.Given("a peer at {string} that echoes")
    public void echoingPeer(String address) {
        peer(address, true);
    }

    @io.cucumber.java.en.Given("a peer at {string}")
    public void silentPeer(String address) {
        peer(address, false);
    }

    private void peer(String address, boolean echo) {
        InetSocketAddress a = NetworkSteps.at(address.split(":")[0], Integer.parseInt(address.split(":")[1]));
        String hostName = "peer-" + a.getAddress().getHostAddress();
        io.icelab.sim.Host h = world.sim().host(hostName);
        if (h == null) {
            h = world.sim().addHost(hostName);
            h.attach(world.sim().realm("internet"), a.getAddress(), io.icelab.sim.Impairments.latency(5 * SimTime.MS),
                    io.icelab.sim.Impairments.latency(5 * SimTime.MS));
            world.name(a.getAddress(), "peer");
        }
        PeerApp p = new PeerApp(echo);
        world.peers.put(address, new World.Peer(p, h.run("peer-" + a.getPort(), p, List.of(a))));
    }

    @When("{word} sends {string} to {string} through the relay")
    public void sendThrough(String who, String text, String peer) {
        InetSocketAddress p = NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]));
        app.at(world.sim().now(), "send", () -> client.send(world.sim().now(), p, text.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    /** The peer sends to WHO's relayed address from its own address (RFC 8656 §11.3). */
    @When("the peer at {string} sends {string} to {word}'s relayed address")
    public void peerSends(String peer, String text, String who) {
        PeerApp p = world.peer(peer).app();
        InetSocketAddress from = NetworkSteps.at(peer.split(":")[0], Integer.parseInt(peer.split(":")[1]));
        InetSocketAddress relayed = client.relayedAddress();
        world.peer(peer).host().at(world.sim().now(), "send",
                () -> p.send(from, relayed, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        world.sim().runUntil(world.sim().now() + 2 * S);
    }

    @Then("{word} receives {string} from {string} through the relay")
    public void receivedThrough(String who, String text, String peer) {
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.DataReceived d
                && io.icelab.stun.TransportAddresses.format(d.peer()).equals(peer) && d.data().utf8().equals(text));
    }

    @Then("{word} receives nothing from {string} through the relay")
    public void nothingThrough(String who, String peer) {
        assertThat(app.events()).noneMatch(e -> e instanceof TurnClientEvent.DataReceived d
                && io.icelab.stun.TransportAddresses.format(d.peer()).equals(peer));
    }

    @Then("the peer at {string} received {string} from {word}'s relayed address")
    public void peerReceived(String peer, String text, String who) {
        assertThat(world.peer(peer).host().events())
                .anyMatch(d -> d.remote().equals(client.relayedAddress()) && d.payload().utf8().equals(text));
    }
}
