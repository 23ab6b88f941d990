package io.icelab.cli;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.Role;
import io.icelab.stun.Datagram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What {@code ice-agent} does for its first check, done once in memory on a background thread while
 * the command line is being parsed: two agents exchange candidates, check, nominate and send data at
 * virtual time, and the strong random source is seeded. A process connects in its first milliseconds,
 * so the first check would otherwise pay for loading and interpreting the codec, HMAC, OpaqueString
 * preparation (and its Unicode tables), candidate parsing and the check list: about 100 ms a side,
 * measured with {@code src/bench/scripts/ice-agents.py}. Nothing here touches a socket or the clock;
 * a failure only means the real agent pays for the warm-up itself.
 */
final class Warmup {
    private Warmup() {
    }

    /** Starts the warm-up on a daemon thread; returns at once. */
    static void start() {
        // a Thread subclass, not a method reference: the first lambda of a JVM costs milliseconds on this thread
        Thread t = new Thread("icelab-warmup") {
            @Override
            public void run() {
                Warmup.run();
            }
        };
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    static boolean run() {
        try {
            new SecureRandom().nextLong(); // the strong source the agent's credentials and tie-breaker come from
            InetAddress lo = InetAddress.getLoopbackAddress();
            IceAgent a = agent(Role.CONTROLLING, 1, new InetSocketAddress(lo, 9));
            IceAgent b = agent(Role.CONTROLLED, 2, new InetSocketAddress(lo, 10));
            a.setRemoteCredentials(1, b.localUfrag(), b.localPwd());
            b.setRemoteCredentials(1, a.localUfrag(), a.localPwd());
            exchange(a, b);
            exchange(b, a);
            boolean aSelected = false;
            boolean bSelected = false;
            for (long now = 0; now < 2_000_000_000L && !(aSelected && bSelected); now += 5_000_000L) {
                a.handleTimeout(now);
                b.handleTimeout(now);
                bSelected |= deliver(now, a, b);
                aSelected |= deliver(now, b, a);
            }
            return aSelected && bSelected && a.send(1, 1, new byte[] {1});
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static IceAgent agent(Role role, long seed, InetSocketAddress base) {
        IceAgent a = new IceAgent(IceConfig.defaults(role).withLoopback(true), new SplittableRandom(seed));
        a.addStream(List.of(List.of(base)));
        a.gather(0);
        return a;
    }

    /** The candidates {@code from} gathered, through the SDP lines the command prints and parses. */
    private static void exchange(IceAgent from, IceAgent to) {
        List<Candidate> gathered = new ArrayList<>();
        for (IceEvent e; (e = from.pollEvent()) != null; ) {
            if (e instanceof IceEvent.CandidateGathered g) {
                gathered.add(g.candidate());
            }
        }
        for (Candidate c : gathered) {
            try {
                to.addRemoteCandidate(0, 1, IceSdp.parseCandidate(IceSdp.formatCandidate(c, x -> null), 1, null));
            } catch (io.icelab.ice.SdpParseException e) {
                throw new IllegalStateException(e);
            }
        }
        to.endOfRemoteCandidates(0, 1);
    }

    /** Moves what {@code from} sends to {@code to}; true if {@code to} selected a pair on the way. */
    private static boolean deliver(long now, IceAgent from, IceAgent to) {
        for (Datagram d; (d = from.pollTransmit(now)) != null; ) {
            to.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
        }
        boolean selected = false;
        for (IceEvent e; (e = to.pollEvent()) != null; ) {
            selected |= e instanceof IceEvent.SelectedPairChanged;
        }
        return selected;
    }
}
