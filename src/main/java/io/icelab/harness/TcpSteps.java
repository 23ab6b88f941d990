package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.icelab.ice.TcpType;
import io.icelab.sim.Host;
import io.icelab.sim.IceHost;
import io.icelab.sim.Impairments;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatDevice;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.sim.TcpMessenger;
import io.icelab.stun.Datagram;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP through the simulator's NATs (RFC 5382): applications that send and receive text messages over TCP (RFC 4571
 * framing), a TCP server on the internet, and what each NAT did: mappings, connects refused or unanswered.
 */
public final class TcpSteps {
    static final long S = SimTime.S;

    private record Endpoint(TcpMessenger messenger, SimApp<String> app, InetSocketAddress local) {
    }

    private final World world;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private Endpoint server;
    private long serverConnectAt = -1;

    public TcpSteps(World world) {
        this.world = world;
    }

    /** A host on the internet accepting TCP connections at ADDRESS, answering nothing by itself. */
    @Given("a TCP server on the internet at {string}")
    public void server(String address) {
        InetSocketAddress at = hostPort(address);
        Host h = world.sim().addHost("tcp-server");
        h.attach(world.sim().realm("internet"), at.getAddress(), Impairments.latency(5 * SimTime.MS),
                Impairments.latency(5 * SimTime.MS));
        TcpMessenger m = new TcpMessenger();
        SimApp<String> app = h.run("m", m, List.of(at));
        h.listenTcp(app, at, StreamFramer.Framing.RFC4571);
        server = new Endpoint(m, app, at);
        world.name(at.getAddress(), "tcp server");
    }

    /**
     * RFC 6544 §7.1: WHO's agent, controlling and with TCP candidates only, is given one remote candidate, a passive
     * one at the TCP server, which accepts the connection and answers no check (the credentials are made up).
     */
    @When("{word} runs ICE over TCP only against the TCP server, which answers no check")
    public void againstSilentServer(String who) {
        IceConfig c = IceConfig.defaults(Role.CONTROLLING).withTcpCandidatesOnly();
        IceHost h = new IceHost(world.sim(), world.sim().host(who), "ice", c, List.of(List.of(world.locals.get(who))));
        world.ice.put(who, h);
        h.app().at(world.sim().now(), "remote candidate", () -> {
            long now = world.sim().now();
            h.agent().setRemoteCredentials(1, "deaf", "never-answers-any-check");
            h.agent().addRemoteCandidate(now, 1, new Candidate("1", 1, Transport.TCP,
                    Candidate.priority(CandidateType.HOST, 65535, 1), server.local(), CandidateType.HOST, server.local(),
                    null, TcpType.PASSIVE.sdpName()));
            h.agent().endOfRemoteCandidates(now, 1);
            h.agent().gather(now);
        });
    }

    /** RFC 8489 §6.2.2: over TCP a request goes once; the server saw each transaction once, N in all. */
    @Then("the TCP server received {int} Binding request(s) from {word}, each transaction once")
    public void requestsOnce(int n, String who) {
        List<StunMessage> requests = server.messenger().received().stream().map(d -> {
            try {
                return StunDecoder.decode(d.payload());
            } catch (StunDecodeException e) {
                return null;
            }
        }).filter(m -> m != null && m.isRequest()).toList();
        assertThat(requests).as("Binding requests the TCP server received").hasSize(n);
        assertThat(requests.stream().map(m -> m.transactionId().toString()).distinct().count())
                .as("distinct transactions among them").isEqualTo(n);
    }

    /** RFC 8489 §6.2.2: a check over TCP fails Ti (39.5 s) after it went, with no retransmission meanwhile. */
    @Then("{word}'s TCP check failed {double} s after it was sent")
    public void failedAfter(String who, double seconds) {
        world.sim().runUntil(world.sim().now() + (long) (seconds * S) + 5 * S);
        long sent = stateAt(who, "IN_PROGRESS");
        long failed = stateAt(who, "FAILED");
        assertThat(failed - sent).as("from %s's check to its failure (ns)", who).isEqualTo((long) (seconds * S));
    }

    /** When WHO's agent first reported a pair going to STATE. */
    private long stateAt(String who, String state) {
        return world.sim().log().entries().stream()
                .filter(e -> e.line().contains(" " + who + ":ice: PairStateChanged") && e.line().contains("state=" + state))
                .mapToLong(io.icelab.sim.EventLog.Entry::time).findFirst()
                .orElseThrow(() -> new AssertionError(who + " had no pair go " + state));
    }

    /** WHO on a public address behind a firewall that drops all UDP and lets TCP through (no translation). */
    @Given("{word} behind a firewall that blocks UDP")
    public void udpBlocked(String who) {
        int n = NetworkSteps.number(who);
        NatDevice fw = world.sim().addNat(who + "-fw", world.sim().realm("internet"),
                NatConfig.recommended().withMode(NatConfig.Mode.UDP_BLOCKED), List.of(),
                Impairments.latency(5 * SimTime.MS), Impairments.latency(5 * SimTime.MS));
        Host h = world.sim().addHost(who);
        String ip = "203.0.113." + (100 + n);
        h.attach(fw.inside(), NetworkSteps.ip(ip), Impairments.latency(10 * SimTime.MS), Impairments.latency(10 * SimTime.MS));
        world.locals.put(who, NetworkSteps.at(ip, 5000));
        world.name(NetworkSteps.ip(ip), who);
    }

    /** A second host inside OTHER's NAT (RFC 5382 §7: port overloading, hairpinning). */
    @Given("{word} behind the same NAT as {word}, on local port {int}")
    public void sameNat(String who, String other, int port) {
        NatDevice nat = world.sim().nat(other + "-nat");
        assertThat(nat).as(other + "'s NAT").isNotNull();
        String ip = "192.168.1." + NetworkSteps.number(who);
        Host h = world.sim().addHost(who);
        h.attach(nat.inside(), NetworkSteps.ip(ip), Impairments.latency(10 * SimTime.MS),
                Impairments.latency(10 * SimTime.MS));
        world.locals.put(who, NetworkSteps.at(ip, port));
        world.name(NetworkSteps.ip(ip), who);
    }

    @When("{word} sends {string} to the TCP server")
    public void toServer(String who, String text) {
        sendFrom(who, server.local(), text);
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    /** RFC 5382 §4.2: both sides open towards the other's public address (port preserved) at the same instant. */
    @When("{word} and {word} open TCP connections to each other's public address at the same time")
    public void simultaneousOpen(String a, String b) {
        sendFrom(a, publicAddress(b), "from " + a);
        sendFrom(b, publicAddress(a), "from " + b);
        world.sim().runUntil(world.sim().now() + 10 * S);
    }

    /** A TCP message from WHO to OTHER's public address (behind a NAT that lets nothing in: a SYN nobody answers). */
    @When("{word} sends {string} over TCP to {word}'s public address")
    public void toPublic(String who, String text, String other) {
        sendFrom(who, publicAddress(other), text);
        world.sim().runUntil(world.sim().now() + 5 * S);
    }

    /** A connect from outside to WHO's public address, where nothing inside asked for it (RFC 5382 §4.3). */
    @When("the TCP server connects to {word}'s public address")
    public void serverConnects(String who) {
        serverConnectAt = world.sim().now();
        server.app().at(serverConnectAt, "connect in", () -> server.messenger().send(server.local(), publicAddress(who),
                "unsolicited"));
        world.sim().runUntil(world.sim().now() + 200 * S);
    }

    @When("{word}'s connection is idle for {int} s")
    public void idle(String who, int seconds) {
        world.sim().runUntil(world.sim().now() + seconds * S);
    }

    @Then("the TCP server received {string} from {word}'s public address")
    public void serverReceived(String text, String who) {
        assertThat(server.messenger().received()).as("what the TCP server received")
                .anyMatch(d -> d.payload().utf8().equals(text)
                        && d.remote().getAddress().equals(publicAddress(who).getAddress()));
    }

    /** RFC 5382 REQ-8a: a hairpinned connection comes from the sender's external address and port. */
    @Then("{word} received {string} over TCP from {word}'s public address")
    public void receivedFromPublic(String who, String text, String from) {
        Endpoint e = endpoints.get(who);
        assertThat(e).as(who + " has a TCP application").isNotNull();
        assertThat(e.messenger().received()).as("what %s received over TCP", who)
                .anyMatch(d -> d.payload().utf8().equals(text) && d.remote().equals(publicAddress(from)));
    }

    /** RFC 5382 REQ-7: two connections from two internal endpoints reach the server from two external ports. */
    @Then("the TCP server's connections from {word} and {word} came from different ports")
    public void distinctPorts(String a, String b) {
        List<InetSocketAddress> from = server.messenger().received().stream().map(Datagram::remote).distinct().toList();
        assertThat(from).as("the sources of what the TCP server received from %s and %s", a, b).hasSize(2);
        assertThat(from.get(0).getAddress()).isEqualTo(from.get(1).getAddress());
    }

    @Then("{word} received {string} over TCP")
    public void received(String who, String text) {
        Endpoint e = endpoints.get(who);
        assertThat(e).as(who + " has a TCP application").isNotNull();
        assertThat(e.messenger().received()).extracting(d -> d.payload().utf8()).contains(text);
    }

    /** RFC 5382 REQ-4: nothing for at least 6 s; then the RST the NAT sends instead of the ICMP error. */
    @Then("the TCP server's connect is refused {int} s after it reached {word}'s NAT")
    public void refusedAfter(int seconds, String who) {
        long refused = world.sim().log().firstTime("tcp-server:tcp: Refused")
                .orElseThrow(() -> new AssertionError("the TCP server's connect was not refused"));
        long rst = world.sim().log().firstTime("RST for the unsolicited SYN")
                .orElseThrow(() -> new AssertionError(who + "'s NAT sent no RST"));
        long synArrived = world.sim().log().entries().stream()
                .filter(e -> e.line().contains(who + "-nat: dropped") && e.line().contains(" tcp "))
                .mapToLong(io.icelab.sim.EventLog.Entry::time).min()
                .orElseThrow(() -> new AssertionError(who + "'s NAT dropped no TCP packet"));
        assertThat(rst - synArrived).as("from the SYN's arrival at the NAT to its RST").isEqualTo(seconds * S);
        assertThat(refused).isGreaterThan(rst);
    }

    @Then("the TCP server's connect gets no answer")
    public void noAnswer() {
        assertThat(world.sim().log().text()).contains("tcp-server:tcp: TimedOut")
                .doesNotContain("tcp-server:tcp: Refused", "RST for the unsolicited SYN");
    }

    @Then("{word}'s NAT holds {int} TCP mapping(s)")
    public void tcpMappings(String who, int n) {
        assertThat(world.sim().host(who).iface(0).realm().uplink().tcpTableSize()).as(who + "'s NAT's TCP mappings at "
                + SimTime.format(world.sim().now()) + " s").isEqualTo(n);
    }

    private void sendFrom(String who, InetSocketAddress to, String text) {
        Endpoint e = endpoints.computeIfAbsent(who, w -> {
            TcpMessenger m = new TcpMessenger();
            InetSocketAddress local = world.locals.get(w);
            return new Endpoint(m, world.sim().host(w).run("tcp", m, List.of(local)), local);
        });
        e.app().at(world.sim().now(), "send over TCP", () -> e.messenger().send(e.local(), to, text));
    }

    /** WHO's public address: its NAT's external IP with the port preserved, or its own address without a NAT. */
    private InetSocketAddress publicAddress(String who) {
        InetSocketAddress local = world.locals.get(who);
        NatDevice nat = world.sim().host(who).iface(0).realm().uplink();
        return nat == null || nat.config().mode() != NatConfig.Mode.NAPT ? local
                : new InetSocketAddress(nat.externalAddresses().get(0), local.getPort());
    }

    private static InetSocketAddress hostPort(String address) {
        int colon = address.lastIndexOf(':');
        return NetworkSteps.at(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
