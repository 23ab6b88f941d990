package io.icelab.ice;

import io.icelab.stun.Datagram;
import io.icelab.stun.RetransmitSchedule;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The agent's STUN transactions on one client (RFC 8489 §6.2, with ICE's RTO, RFC 8445 §14.3): gathering
 * requests, connectivity checks and consent checks, each kept with what it is for, so that an outcome goes back
 * to its purpose, and so that they can be cancelled by purpose (§8.1.2, RFC 7675 §5.1).
 *
 * @param <P> what a transaction is for
 */
final class Transactions<P> {
    private final StunClient client;
    private final Map<Long, P> pending = new LinkedHashMap<>();

    Transactions(StunClient client) {
        this.client = client;
    }

    void send(long now, StunRequest request, P purpose) {
        pending.put(client.send(now, request), purpose);
    }

    void send(long now, StunRequest request, RetransmitSchedule schedule, P purpose) {
        pending.put(client.send(now, request, schedule), purpose);
    }

    /** Forgets the transactions {@code which} selects: their outcomes are ignored (they run out by themselves). */
    void forget(Predicate<P> which) {
        pending.values().removeIf(which);
    }

    /** Cancels and forgets the transactions {@code which} selects: no retransmission and no outcome. */
    void cancel(Predicate<P> which) {
        Iterator<Map.Entry<Long, P>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, P> e = it.next();
            if (which.test(e.getValue())) {
                client.cancel(e.getKey());
                it.remove();
            }
        }
    }

    /** §8.1.2's cancelling: no more retransmissions, but an answer that still comes is taken. */
    void stopRetransmitting(Predicate<P> which) {
        for (Map.Entry<Long, P> e : pending.entrySet()) {
            if (which.test(e.getValue())) {
                client.stopRetransmitting(e.getKey());
            }
        }
    }

    /** Hands every outcome to {@code to} with its purpose (an outcome of a forgotten transaction is dropped). */
    void drain(BiConsumer<P, StunClientEvent> to) {
        for (StunClientEvent e; (e = client.pollEvent()) != null; ) {
            P what = pending.remove(e.handle());
            if (what != null) {
                to.accept(what, e);
            }
        }
    }

    void handleDecoded(long now, Datagram d, StunMessage m) {
        client.handleDecoded(now, d, m);
    }

    Datagram pollTransmit(long now) {
        return client.pollTransmit(now);
    }

    long pollTimeout() {
        return client.pollTimeout();
    }

    void handleTimeout(long now) {
        client.handleTimeout(now);
    }
}
