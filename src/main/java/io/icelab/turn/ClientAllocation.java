package io.icelab.turn;

import io.icelab.stun.AttributeType;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A TURN client's allocation (RFC 8656 §7): the Allocate request its settings ask for, the answers that send it
 * again (420 for DONT-FRAGMENT, §7.1; an integrity-protected 300, RFC 8489 §10), what a success grants, and the
 * refresh a minute before the lifetime ends (half-way for short lifetimes).
 */
final class ClientAllocation {
    private final TurnClient.Config config;
    private InetSocketAddress server;
    private boolean followedAlternate;
    private boolean dontFragment;
    private TurnClient.State state = TurnClient.State.IDLE;
    private InetSocketAddress relayed;
    private final List<InetSocketAddress> relayedAll = new ArrayList<>();
    private InetSocketAddress mapped;
    private long reservationToken;
    private long refreshAt = SansIo.NO_DEADLINE;

    ClientAllocation(TurnClient.Config config) {
        this.config = config;
        this.server = config.server();
        this.dontFragment = config.dontFragment();
    }

    TurnClient.State state() {
        return state;
    }

    InetSocketAddress server() {
        return server;
    }

    InetSocketAddress relayed() {
        return relayed;
    }

    List<InetSocketAddress> relayedAll() {
        return List.copyOf(relayedAll);
    }

    InetSocketAddress mapped() {
        return mapped;
    }

    long reservationToken() {
        return reservationToken;
    }

    long refreshAt() {
        return refreshAt;
    }

    /** §7.1: the Allocate's attributes; the allocation is being made from now on. */
    List<StunAttribute> request() {
        if (state == TurnClient.State.ALLOCATING || state == TurnClient.State.ALLOCATED) {
            throw new IllegalStateException("already " + state);
        }
        state = TurnClient.State.ALLOCATING;
        List<StunAttribute> attrs = new ArrayList<>();
        attrs.add(new TurnAttribute.RequestedTransport(config.relayTransport() == io.icelab.stun.Transport.TCP
                ? TurnAttribute.RequestedTransport.TCP : TurnAttribute.RequestedTransport.UDP)); // RFC 6062 §4.1
        attrs.add(new TurnAttribute.Lifetime(config.lifetimeSeconds()));
        if (config.reservationToken() != 0) {
            attrs.add(new TurnAttribute.ReservationToken(config.reservationToken()));
        } else if (config.dual()) {
            attrs.add(new TurnAttribute.AdditionalAddressFamily(TurnAttribute.RequestedAddressFamily.IPV6));
        } else if (config.family() == TurnAttribute.RequestedAddressFamily.IPV6) {
            attrs.add(new TurnAttribute.RequestedAddressFamily(TurnAttribute.RequestedAddressFamily.IPV6));
        }
        if (config.evenPort() != TurnClient.EvenPort.NONE && config.reservationToken() == 0) {
            attrs.add(new TurnAttribute.EvenPort(config.evenPort() == TurnClient.EvenPort.EVEN_RESERVE_NEXT));
        }
        if (dontFragment) {
            attrs.add(new TurnAttribute.DontFragment());
        }
        return attrs;
    }

    /**
     * A failed Allocate: true when it is to be sent again, without DONT-FRAGMENT (a 420 naming it, §7.1) or to the
     * alternate server (a 300, followed only when integrity-protected and only once: no redirection loops); else
     * the allocation has failed.
     */
    boolean retry(StunClientEvent.Failure f) {
        StunMessage r = f.response();
        CoreAttribute.AlternateServer alt = r == null ? null : r.attribute(CoreAttribute.AlternateServer.class);
        CoreAttribute.UnknownAttributes unknown = r == null ? null : r.attribute(CoreAttribute.UnknownAttributes.class);
        if (f.errorCode() == 420 && dontFragment && unknown != null
                && unknown.types().contains(AttributeType.DONT_FRAGMENT)) {
            dontFragment = false;
            state = TurnClient.State.IDLE;
            return true;
        }
        // RFC 8489 §14.8: the StunClient has checked the integrity of whatever signed answer it passes on
        boolean signed = r != null && r.hasIntegrity();
        if (f.errorCode() == 300 && alt != null && signed && !followedAlternate) {
            followedAlternate = true;
            server = alt.address();
            state = TurnClient.State.IDLE;
            return true;
        }
        state = TurnClient.State.FAILED;
        return false;
    }

    /** A success: what it grants, reported as AllocationCreated; without the two attributes it must carry, a failure. */
    TurnClientEvent granted(long now, StunMessage r) {
        TurnAttribute.XorRelayedAddress rel = r.attribute(TurnAttribute.XorRelayedAddress.class);
        TurnAttribute.Lifetime life = r.attribute(TurnAttribute.Lifetime.class);
        CoreAttribute.XorMappedAddress map = r.attribute(CoreAttribute.XorMappedAddress.class);
        if (rel == null || life == null) {
            state = TurnClient.State.FAILED;
            return new TurnClientEvent.AllocationFailed(0, "success without XOR-RELAYED-ADDRESS or LIFETIME");
        }
        state = TurnClient.State.ALLOCATED;
        relayed = rel.address();
        relayedAll.clear();
        for (TurnAttribute.XorRelayedAddress r2 : r.attributes(TurnAttribute.XorRelayedAddress.class)) {
            relayedAll.add(r2.address());
        }
        TurnAttribute.ReservationToken token = r.attribute(TurnAttribute.ReservationToken.class);
        reservationToken = token == null ? 0 : token.token();
        mapped = map == null ? null : map.address();
        refreshed(now, life.seconds());
        return new TurnClientEvent.AllocationCreated(relayed, mapped, life.seconds());
    }

    /** §7.3: the lifetime granted now; the refresh goes a minute before it ends (half-way for short ones). */
    void refreshed(long now, long lifetimeSeconds) {
        long lead = lifetimeSeconds > 120 ? 60 : lifetimeSeconds / 2;
        refreshAt = now + (lifetimeSeconds - lead) * TurnClient.S;
    }

    /** True (once) when the refresh is due; the Refresh's answer schedules the next. */
    boolean refreshDue(long now) {
        if (now < refreshAt) {
            return false;
        }
        refreshAt = SansIo.NO_DEADLINE;
        return true;
    }

    /** The allocation is gone (failed, lost or deleted): nothing more is refreshed. */
    void ended(TurnClient.State why) {
        state = why;
        refreshAt = SansIo.NO_DEADLINE;
    }
}
