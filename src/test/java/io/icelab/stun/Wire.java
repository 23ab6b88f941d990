package io.icelab.stun;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test plumbing: moves datagrams between two sans-IO objects with no delay, optionally tampering. */
final class Wire {
    private Wire() {
    }

    /** Delivers every queued transmit of {@code from} to {@code to}, as received; returns them. */
    static List<Datagram> deliver(long now, SansIo<?> from, SansIo<?> to) {
        return deliver(now, from, to, UnaryOperator.identity());
    }

    static List<Datagram> deliver(long now, SansIo<?> from, SansIo<?> to, UnaryOperator<Datagram> tamper) {
        List<Datagram> sent = new ArrayList<>();
        for (Datagram d; (d = from.pollTransmit(now)) != null; ) {
            sent.add(d);
            Datagram arrived = tamper.apply(new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            if (arrived != null) {
                to.handleDatagram(now, arrived);
            }
        }
        return sent;
    }

    /** Request/response ping-pong until neither side has anything to send. */
    static int exchange(long now, SansIo<?> client, SansIo<?> server) {
        int rounds = 0;
        while (!deliver(now, client, server).isEmpty()) {
            deliver(now, server, client);
            if (++rounds > 20) {
                throw new AssertionError("no quiescence after 20 rounds");
            }
        }
        return rounds;
    }

    static <E> List<E> events(SansIo<E> s) {
        List<E> out = new ArrayList<>();
        for (E e; (e = s.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    static StunMessage decode(Datagram d) {
        try {
            return StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            throw new AssertionError(e);
        }
    }
}
