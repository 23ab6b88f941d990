package io.icelab.bench;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.stun.Datagram;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One connectivity check (RFC 8445 §7.2.4, §7.3) as the two agents see it: the controlled agent answering a
 * Binding request (authenticate, parse, encode the signed response), and the controlling agent reading the
 * answer. Run with {@code -prof gc} for the bytes allocated per check:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args="IceCheckBench -f 1 -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IceCheckBench {
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 41000);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 42000);

    IceAgent controlling;
    IceAgent controlled;
    Datagram request;
    Datagram response;
    long now;

    @Setup
    public void connectOnce() {
        controlling = agent(Role.CONTROLLING, 1, A);
        controlled = agent(Role.CONTROLLED, 2, B);
        controlling.setRemoteCredentials(1, controlled.localUfrag(), controlled.localPwd());
        controlled.setRemoteCredentials(1, controlling.localUfrag(), controlling.localPwd());
        for (Candidate c : gathered(controlling)) {
            controlled.addRemoteCandidate(0, 1, c);
        }
        for (Candidate c : gathered(controlled)) {
            controlling.addRemoteCandidate(0, 1, c);
        }
        for (now = 0; request == null && now < 1_000_000_000L; now += 1_000_000L) {
            controlling.handleTimeout(now);
            request = stunTo(controlling, B);
        }
        controlled.handleDatagram(now, received(request));
        response = stunTo(controlled, A);
        if (request == null || response == null) {
            throw new IllegalStateException("no check: " + request + " / " + response);
        }
    }

    /** The controlled agent answers a check (a retransmission of the same request, as on a lossy path). */
    @Benchmark
    public int answerACheck() {
        controlled.handleDatagram(now, received(request));
        int n = 0;
        while (controlled.pollTransmit(now) != null) {
            n++;
        }
        while (controlled.pollEvent() != null) {
            n++;
        }
        return n;
    }

    /** The controlling agent reads an answer (its transaction is over: the work up to the lookup). */
    @Benchmark
    public int readAnAnswer() {
        controlling.handleDatagram(now, received(response));
        int n = 0;
        while (controlling.pollEvent() != null) {
            n++;
        }
        return n;
    }

    static IceAgent agent(Role role, long seed, InetSocketAddress base) {
        IceAgent a = new IceAgent(IceConfig.defaults(role).withLoopback(true), new SplittableRandom(seed));
        a.addStream(List.of(List.of(base)));
        a.gather(0);
        return a;
    }

    static List<Candidate> gathered(IceAgent a) {
        List<Candidate> out = new ArrayList<>();
        for (IceEvent e; (e = a.pollEvent()) != null; ) {
            if (e instanceof IceEvent.CandidateGathered g) {
                out.add(g.candidate());
            }
        }
        return out;
    }

    static Datagram stunTo(IceAgent a, InetSocketAddress to) {
        Datagram found = null;
        for (Datagram d; (d = a.pollTransmit(0)) != null; ) {
            if (found == null && d.remote().equals(to)) {
                found = d;
            }
        }
        return found;
    }

    static Datagram received(Datagram sent) {
        return new Datagram(sent.transport(), sent.remote(), sent.local(), sent.payload());
    }
}
