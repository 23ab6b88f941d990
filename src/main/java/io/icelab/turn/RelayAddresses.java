package io.icelab.turn;

import io.icelab.stun.SansIo;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * RFC 8656 §7.2: the relayed transport address an Allocate gets: the port an earlier EVEN-PORT with the R bit
 * reserved (RESERVATION-TOKEN), an even port whose successor is reserved for about 30 s (§14.9), an even one, or
 * any. Reservations count against their user's quota until redeemed or expired.
 */
final class RelayAddresses {
    static final long RESERVATION_LIFETIME = 30 * TurnServer.S;

    /** A port held by RESERVATION-TOKEN, counted against its user's quota. */
    private record Reservation(InetSocketAddress relayed, long expires, String user) {
    }

    /** The relayed address chosen, the token of the port it reserved (0: none), or a refusal. */
    record Choice(InetSocketAddress relayed, long reservation, Refusal refusal) {
    }

    private final RelayAllocator allocator;
    private final RandomGenerator random;
    private final Map<Long, Reservation> reservations = new LinkedHashMap<>();

    RelayAddresses(RelayAllocator allocator, RandomGenerator random) {
        this.allocator = allocator;
        this.random = random;
    }

    int reservations() {
        return reservations.size();
    }

    /** Reservations {@code user} holds, less the one {@code redeeming} would redeem (it becomes the allocation). */
    int heldBy(String user, TurnAttribute.ReservationToken redeeming) {
        int n = 0;
        for (Reservation r : reservations.values()) {
            if (r.user().equals(user)) {
                n++;
            }
        }
        Reservation redeemed = redeeming == null ? null : reservations.get(redeeming.token());
        return redeemed != null && redeemed.user().equals(user) ? n - 1 : n;
    }

    /** The relayed address for the Allocate {@code m} of {@code user} in {@code family} (1 IPv4, 2 IPv6). */
    Choice choose(long now, StunMessage m, int family, String user) {
        TurnAttribute.ReservationToken token = m.attribute(TurnAttribute.ReservationToken.class);
        TurnAttribute.EvenPort even = m.attribute(TurnAttribute.EvenPort.class);
        InetSocketAddress relayed;
        long reservation = 0;
        if (token != null) {
            // RFC 8656 §7.2: the port reserved by an earlier EVEN-PORT with the R bit
            Reservation r = reservations.remove(token.token());
            if (r == null || r.expires() <= now) {
                return new Choice(null, 0, new Refusal(508, "Insufficient Capacity: unknown or expired RESERVATION-TOKEN"));
            }
            relayed = r.relayed();
        } else if (even != null && even.reserveNext()) {
            relayed = evenPair(family);
            if (relayed != null) {
                reservation = random.nextLong();
                reservations.put(reservation, new Reservation(new InetSocketAddress(relayed.getAddress(),
                        relayed.getPort() + 1), now + RESERVATION_LIFETIME, user));
            }
        } else {
            relayed = allocator.allocate(family, even != null ? RelayAllocator.Parity.EVEN : RelayAllocator.Parity.ANY);
        }
        if (relayed == null) {
            return new Choice(null, 0, family == 2 ? new Refusal(440, "Address Family not Supported")
                    : new Refusal(508, "Insufficient Capacity"));
        }
        return new Choice(relayed, reservation, null);
    }

    /** An even port whose successor is free too; the successor is held for a later allocation. */
    private InetSocketAddress evenPair(int family) {
        for (int attempt = 0; attempt < 16; attempt++) {
            InetSocketAddress first = allocator.allocate(family, RelayAllocator.Parity.EVEN);
            if (first == null) {
                return null;
            }
            if (allocator.allocateExactly(new InetSocketAddress(first.getAddress(), first.getPort() + 1)) != null) {
                return first;
            }
            allocator.release(first);
        }
        return null;
    }

    /** When the next reservation expires. */
    long nextExpiry() {
        long t = SansIo.NO_DEADLINE;
        for (Reservation r : reservations.values()) {
            t = Math.min(t, r.expires());
        }
        return t;
    }

    /** Expired reservations give their ports back. */
    void expire(long now) {
        reservations.values().removeIf(r -> {
            if (r.expires() <= now) {
                allocator.release(r.relayed());
                return true;
            }
            return false;
        });
    }
}
