package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.sim.Impairments;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatDevice;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.TransportAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 4787 §4.1-§4.2 and §7, seen from one host: a NAT configured for a port and pooling behaviour (or
 * with an ALG), Binding requests from several local ports, and what the mappings look like.
 */
public final class MappingSteps {
    private final World world;
    /** Local port → mapped address learnt for it, in port order. */
    private final Map<Integer, InetSocketAddress> mapped = new TreeMap<>();

    public MappingSteps(World world) {
        this.world = world;
    }

    /**
     * An endpoint-independent NAT (mapping and filtering) with the given port assignment ("preserve",
     * "sequential", "random"), port parity on or off, and "paired" or "arbitrary" pooling over external
     * addresses 203.0.113.N, 203.0.113.N+100, … .
     */
    @Given("{word} behind a NAT with {string} ports, parity {toggle} and {string} pooling over {int} external addresses")
    public void ports(String who, String assignment, ParameterTypes.Toggle parity, String pooling, int externals) {
        NatConfig c = NatConfig.of(NatConfig.Dependence.ENDPOINT_INDEPENDENT, NatConfig.Dependence.ENDPOINT_INDEPENDENT)
                .withPorts(NatConfig.PortAssignment.valueOf(NatSteps.enumName(assignment)), NatConfig.Collision.NEXT_FREE,
                        parity.on(), 1024, 65535)
                .withPooling(NatConfig.Pooling.valueOf(NatSteps.enumName(pooling)));
        behind(who, c, externals);
    }

    /** An endpoint-independent NAT whose ALG rewrites its external address in payloads (RFC 4787 §7 says: off by default). */
    @Given("{word} behind a NAT with an address-rewriting ALG")
    public void alg(String who) {
        behind(who, NatConfig.of(NatConfig.Dependence.ENDPOINT_INDEPENDENT, NatConfig.Dependence.ENDPOINT_INDEPENDENT)
                .withAlg(true), 1);
    }

    private void behind(String who, NatConfig c, int externals) {
        int n = NetworkSteps.number(who);
        List<InetAddress> external = new ArrayList<>();
        for (int i = 0; i < externals; i++) {
            external.add(NetworkSteps.ip("203.0.113." + (n + 100 * i)));
        }
        NatDevice d = world.sim().addNat(who + "-nat", world.sim().realm("internet"), c, external,
                Impairments.latency(5 * SimTime.MS), Impairments.latency(5 * SimTime.MS));
        external.forEach(ip -> world.name(ip, who + "-nat"));
        io.icelab.sim.Host h = world.sim().addHost(who);
        h.attach(d.inside(), NetworkSteps.ip("10.0." + n + ".2"), Impairments.latency(10 * SimTime.MS),
                Impairments.latency(10 * SimTime.MS));
        world.locals.put(who, NetworkSteps.at("10.0." + n + ".2", 5000));
        world.name(NetworkSteps.ip("10.0." + n + ".2"), who);
    }

    /** One Binding request from each local port FIRST..LAST, one after the other. */
    @When("{word} sends a Binding request to the STUN server from each local port {int} to {int}")
    public void fromPorts(String who, int first, int last) {
        InetAddress ip = world.locals.get(who).getAddress();
        for (int port = first; port <= last; port++) {
            InetSocketAddress local = new InetSocketAddress(ip, port);
            StunClient client = new StunClient(world.sim().random(who + ":mapping:" + port));
            StunClientEvent[] outcome = new StunClientEvent[1];
            SimApp<StunClientEvent> app = world.sim().host(who).run("stun-" + port, client, List.of(local))
                    .onEvent(e -> outcome[0] = e);
            app.at(world.sim().now(), "request", () -> client.send(world.sim().now(),
                    StunRequest.binding(local, NetworkSteps.STUN)));
            world.sim().runUntil(() -> outcome[0] != null, world.sim().now() + 60 * SimTime.S);
            assertThat(outcome[0]).as("answer for local port " + port).isInstanceOf(StunClientEvent.Success.class);
            mapped.put(port, ((StunClientEvent.Success) outcome[0]).response()
                    .attribute(CoreAttribute.XorMappedAddress.class).address());
        }
    }

    @Then("all of {word}'s mappings use one external address")
    public void oneAddress(String who) {
        assertThat(mapped.values().stream().map(InetSocketAddress::getAddress).distinct().toList())
                .as("external addresses of %s's mappings %s", who, mapped).hasSize(1);
    }

    @Then("{word}'s mappings use {int} external addresses")
    public void addresses(String who, int count) {
        assertThat(mapped.values().stream().map(InetSocketAddress::getAddress).distinct().toList())
                .as("external addresses of %s's mappings %s", who, mapped).hasSize(count);
    }

    /** RFC 4787 §4.2.1 REQ-3: no port overloading — no two internal endpoints share an external address and port. */
    @Then("no two of {word}'s mappings share an external port")
    public void noOverloading(String who) {
        assertThat(mapped.values().stream().distinct().count()).as("%s's mappings %s", who, mapped)
                .isEqualTo(mapped.size());
    }

    @Then("every external port of {word} has the parity of its local port")
    public void parity(String who) {
        mapped.forEach((local, external) -> assertThat(external.getPort() % 2).as("local %d -> %s", local,
                TransportAddresses.format(external)).isEqualTo(local % 2));
    }

    /**
     * RFC 4787 REQ-9b: a hairpinned packet reaches its internal destination from the sender's external (mapped)
     * address, not its internal one: here WHO's own request to its mapped address, as it arrives back home.
     */
    @Then("the hairpinned request reached {word} from {word}'s mapped address")
    public void hairpinSource(String who, String same) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetSocketAddress local = world.locals.get(who);
        List<io.icelab.stun.StunMessage> answers = new java.util.ArrayList<>();
        java.net.InetSocketAddress mappedAddr = null;
        for (Recorder.Captured c : world.recorder.packets()) {
            io.icelab.stun.StunMessage m = IceSteps.stun(c);
            if (m != null && c.realm().equals(realm) && c.packet().destination().equals(local)
                    && m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE
                    && m.has(io.icelab.stun.CoreAttribute.XorMappedAddress.class) && mappedAddr == null) {
                mappedAddr = m.attribute(io.icelab.stun.CoreAttribute.XorMappedAddress.class).address();
            }
        }
        assertThat(mappedAddr).as("%s's mapped address", who).isNotNull();
        java.net.InetSocketAddress expected = mappedAddr;
        List<java.net.InetSocketAddress> sources = world.recorder.packets().stream().filter(c -> c.realm().equals(realm)
                && c.packet().destination().getAddress().equals(local.getAddress())).filter(c -> {
                    io.icelab.stun.StunMessage m = IceSteps.stun(c);
                    return m != null && m.isRequest();
                }).map(c -> c.packet().source()).toList();
        assertThat(sources).as("hairpinned requests that reached %s", who).isNotEmpty().containsOnly(expected);
    }

    /** RFC 4787 REQ-3a/3b: a port below 1024 maps below 1024, one from 1024 up maps from 1024 up. */
    @Then("every external port of {word} is on the same side of 1024 as its local port")
    public void privileged(String who) {
        assertThat(mapped.keySet()).as("local ports of %s", who).anyMatch(p -> p < 1024).anyMatch(p -> p >= 1024);
        mapped.forEach((local, external) -> assertThat(external.getPort() < 1024).as("local %d -> %s", local,
                TransportAddresses.format(external)).isEqualTo(local < 1024));
    }

    @Then("some external port of {word} has the other parity than its local port")
    public void parityLost(String who) {
        assertThat(mapped.entrySet()).as("%s's mappings %s", who, mapped)
                .anyMatch(e -> e.getValue().getPort() % 2 != e.getKey() % 2);
    }
}
