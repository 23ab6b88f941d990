package io.icelab.sim.tcp;

import io.icelab.stun.Bytes;
import io.icelab.stun.SansIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Two TCP stacks joined by a wire with a fixed one-way latency, in virtual time: every segment goes through
 * {@link TcpSegment#encode} and {@link TcpSegment#decode} (checksums included), and a filter may drop segments.
 */
final class TcpWire {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    record Sent(long at, InetSocketAddress from, InetSocketAddress to, TcpSegment segment) {
    }

    private record InFlight(long deliverAt, TcpStack to, InetSocketAddress from, InetSocketAddress dst, byte[] bytes) {
    }

    final TcpStack a;
    final TcpStack b;
    final InetAddress ipA;
    final InetAddress ipB;
    private final long latency;
    private final List<InFlight> inFlight = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    /** What each side's application received, in order. */
    final java.io.ByteArrayOutputStream receivedByA = new java.io.ByteArrayOutputStream();
    final java.io.ByteArrayOutputStream receivedByB = new java.io.ByteArrayOutputStream();
    Predicate<Sent> drop = s -> false;
    /** The last connection b's listener accepted. */
    TcpConnection acceptedByB;
    long now;

    TcpWire(TcpStack a, InetAddress ipA, TcpStack b, InetAddress ipB, long latency) {
        this.a = a;
        this.b = b;
        this.ipA = ipA;
        this.ipB = ipB;
        this.latency = latency;
    }

    /** Runs until nothing is in flight and no timer is due before {@code until}; at most 100,000 steps. */
    void runUntil(long until) throws TcpDecodeException {
        for (int step = 0; step < 100_000; step++) {
            transmit(a);
            transmit(b);
            collect(a, "a");
            collect(b, "b");
            long next = Math.min(a.pollTimeout(), b.pollTimeout());
            for (InFlight f : inFlight) {
                next = Math.min(next, f.deliverAt());
            }
            if (next == SansIo.NO_DEADLINE || next > until) {
                now = until;
                return;
            }
            now = Math.max(now, next);
            deliverDue();
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        throw new AssertionError("no quiescence in 100,000 steps at " + now);
    }

    private void deliverDue() throws TcpDecodeException {
        List<InFlight> due = new ArrayList<>();
        inFlight.removeIf(f -> {
            if (f.deliverAt() <= now) {
                due.add(f);
                return true;
            }
            return false;
        });
        for (InFlight f : due) {
            TcpSegment seg = TcpSegment.decode(Bytes.wrap(f.bytes()), f.from().getAddress(), f.dst().getAddress());
            f.to().handleSegment(now, f.from(), f.dst(), seg);
        }
    }

    private void transmit(TcpStack s) {
        for (TcpStack.Outgoing o; (o = s.pollSegment()) != null; ) {
            Sent record = new Sent(now, o.source(), o.destination(), o.segment());
            sent.add(record);
            if (drop.test(record)) {
                continue;
            }
            TcpStack to = o.destination().getAddress().equals(ipA) ? a : b;
            inFlight.add(new InFlight(now + latency, to, o.source(), o.destination(),
                    o.segment().encode(o.source().getAddress(), o.destination().getAddress())));
        }
    }

    private void collect(TcpStack s, String name) {
        for (TcpStack.StackEvent e; (e = s.pollEvent()) != null; ) {
            if (e instanceof TcpStack.Accepted acc && s == b) {
                acceptedByB = acc.connection();
            }
            String what = e instanceof TcpStack.Accepted ? "Accepted"
                    : ((TcpStack.OnConnection) e).event().toString().replaceAll("\\[.*\\]", "");
            if (e instanceof TcpStack.OnConnection on && on.event() instanceof TcpEvent.DataReceived d) {
                what = "Data " + d.data().length();
                byte[] bytes = d.data().toArray();
                (s == a ? receivedByA : receivedByB).write(bytes, 0, bytes.length);
            }
            events.add(now / MS + "ms " + name + " " + what);
        }
    }

    /** The segments one side sent, as "flags len" lines in order. */
    List<String> segmentsFrom(InetAddress ip) {
        List<String> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.from().getAddress().equals(ip)) {
                out.add(s.at() / MS + "ms " + flags(s.segment()) + (s.segment().payload().length() > 0
                        ? " " + s.segment().payload().length() : ""));
            }
        }
        return out;
    }

    static String flags(TcpSegment s) {
        return TcpSegment.flagNames(s.flags());
    }
}
