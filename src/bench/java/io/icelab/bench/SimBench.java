package io.icelab.bench;

import io.icelab.sim.Host;
import io.icelab.sim.Impairments;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatDevice;
import io.icelab.sim.Realm;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTime;
import io.icelab.sim.Simulation;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import io.icelab.stun.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulator speed. {@code throughputThroughOneNat}: UDP packets from a host behind one NAT to a public
 * host, each crossing two realms and two links (score = packets per microsecond). {@code keepaliveHour}:
 * two hosts behind two NATs keep STUN bindings alive every 15 s for one hour of virtual time (score =
 * wall milliseconds per simulated hour; the speed-up is 3,600,000 divided by it).
 */
@State(Scope.Thread)
public class SimBench {
    static final int BATCH = 1000;

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends what it is told to, receives and forgets. */
    static final class Blaster implements SansIo<Void> {
        final InetSocketAddress local;
        final ArrayDeque<Datagram> out = new ArrayDeque<>();
        long received;

        Blaster(InetSocketAddress local) {
            this.local = local;
        }

        public void handleDatagram(long now, Datagram d) {
            received++;
        }

        public Datagram pollTransmit(long now) {
            return out.poll();
        }

        public Void pollEvent() {
            return null;
        }
    }

    Simulation sim;
    Blaster sender;
    Blaster receiver;
    SimApp<Void> senderApp;
    static final Bytes PAYLOAD = Bytes.wrap(new byte[100]);
    static final InetSocketAddress PEER = new InetSocketAddress(ip("198.51.100.9"), 7000);

    @Setup(Level.Trial)
    public void world() {
        sim = new Simulation(1);
        Realm internet = sim.addRootRealm("internet");
        NatDevice nat = sim.addNat("home", internet, NatConfig.recommended(), List.of(ip("203.0.113.1")));
        Host a = sim.addHost("a");
        a.attach(nat.inside(), ip("192.168.1.10"), Impairments.latency(SimTime.MS), Impairments.latency(SimTime.MS));
        Host p = sim.addHost("p");
        p.attach(internet, ip("198.51.100.9"), Impairments.latency(SimTime.MS), Impairments.latency(SimTime.MS));
        sender = new Blaster(new InetSocketAddress(ip("192.168.1.10"), 5000));
        receiver = new Blaster(PEER);
        senderApp = a.run("tx", sender, List.of(sender.local));
        p.run("rx", receiver, List.of(PEER));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BATCH)
    public long throughputThroughOneNat() {
        long start = sim.now();
        for (int i = 0; i < BATCH; i++) {
            senderApp.at(start + i * SimTime.US, "send", () ->
                    sender.out.add(new Datagram(Transport.UDP, sender.local, PEER, PAYLOAD)));
        }
        sim.runToQuiescence();
        return receiver.received;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long keepaliveHour() {
        Simulation s = new Simulation(2);
        Realm internet = s.addRootRealm("internet");
        Host stun = s.addHost("stun");
        stun.attach(internet, ip("192.0.2.1"), Impairments.latency(5 * SimTime.MS), Impairments.latency(5 * SimTime.MS));
        InetSocketAddress server = new InetSocketAddress(ip("192.0.2.1"), 3478);
        stun.run("server", new StunServer(StunServer.Config.basic(server)), List.of(server));
        long[] ok = new long[1];
        for (int h = 0; h < 2; h++) {
            NatDevice nat = s.addNat("nat" + h, internet, NatConfig.recommended(), List.of(ip("203.0.113." + (h + 1))),
                    Impairments.latency(10 * SimTime.MS), Impairments.latency(10 * SimTime.MS));
            Host host = s.addHost("h" + h);
            host.attach(nat.inside(), ip("192.168.1.10"));
            InetSocketAddress local = new InetSocketAddress(ip("192.168.1.10"), 5000);
            StunClient c = new StunClient(s.random("h" + h));
            SimApp<StunClientEvent> app = host.run("keepalive", c, List.of(local)).onEvent(e -> ok[0]++);
            for (long t = 0; t < 3600; t += 15) {
                app.at(t * SimTime.S, "binding", () -> c.send(s.now(), StunRequest.binding(local, server)));
            }
        }
        s.runUntil(3600 * SimTime.S);
        return ok[0];
    }

    /**
     * ice-relay.yaml (two agents behind symmetric NATs meeting through TURN) from loading to 20 s of virtual
     * time, the topology parsed and the simulation built inside the measurement: score = wall milliseconds
     * per run; the speed-up over real time is 20,000 divided by it.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long iceRelay20s() throws Exception {
        io.icelab.sim.Scenario s = io.icelab.sim.Scenario.load(java.nio.file.Path.of("scenarios/topologies/ice-relay.yaml"), 7);
        s.simulation().runUntil(20 * io.icelab.sim.SimTime.S);
        return s.simulation().now();
    }

    /** The same run without loading the topology: the simulation alone. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long iceRelay20sSimulationOnly(RelayScenario r) {
        r.scenario.simulation().runUntil(20 * io.icelab.sim.SimTime.S);
        return r.scenario.simulation().now();
    }

    /** A freshly loaded ice-relay.yaml for each invocation. */
    @State(Scope.Thread)
    public static class RelayScenario {
        io.icelab.sim.Scenario scenario;

        @Setup(Level.Invocation)
        public void load() throws Exception {
            scenario = io.icelab.sim.Scenario.load(java.nio.file.Path.of("scenarios/topologies/ice-relay.yaml"), 7);
        }
    }
}
