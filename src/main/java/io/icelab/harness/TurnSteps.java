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
                        (InetSocketAddress) world.values.getOrDefault("turn-entry", NetworkSteps.TURN), user, password));
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

    @Then("the allocation is still alive")
    public void alive() {
        assertThat(client.state()).isEqualTo(TurnClient.State.ALLOCATED);
        assertThat(((SimTurnServer) world.values.get("turn")).server().allocations()).isEqualTo(1);
        assertThat(app.events()).noneMatch(e -> e instanceof TurnClientEvent.AllocationLost);
    }

    @When("{word} goes silent")
    public void silent(String who) {
        new IceSteps(world).vanish(who);
    }

    @Then("the TURN server deletes the allocation {int} s after it was made")
    public void expired(int seconds) {
        SimTurnServer t = (SimTurnServer) world.values.get("turn");
        world.sim().runUntil(world.sim().now() + (seconds + 10) * S);
        assertThat(t.server().allocations()).isZero();
        assertThat(t.app().events()).anyMatch(e -> e instanceof TurnServerEvent.AllocationDeleted d
                && d.reason().contains("expired"));
    }
}
