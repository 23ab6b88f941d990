package io.icelab.ice;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.StunRequest;
import io.icelab.stun.TransactionId;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.random.RandomGenerator;

/**
 * RFC 7675 consent freshness: on every selected pair, a consent check every 5 s randomised to
 * 0.8..1.2 × (4..6 s); consent expires 30 s after the last success, which stops all sending on the
 * pair and reports {@link IceEvent.ConsentLost}. With consent off, RFC 8445 §11 keepalives instead. Lite agents
 * run neither.
 */
final class ConsentFreshness {
    /** RFC 8445 §11: without consent checks, a Binding indication every Tr = 15 s keeps NAT bindings open. */
    static final long KEEPALIVE_NANOS = 15_000_000_000L;

    private final IceConfig config;
    private final RandomGenerator random;
    private final Transactions<Pending> stun;
    private final Roles roles;
    private final LocalCredentials credentials;
    private final Queue<Datagram> transmits;
    private final Collection<IceEvent> events;

    ConsentFreshness(IceConfig config, RandomGenerator random, Transactions<Pending> stun, Roles roles,
            LocalCredentials credentials, Queue<Datagram> transmits, Collection<IceEvent> events) {
        this.config = config;
        this.random = random;
        this.stun = stun;
        this.roles = roles;
        this.credentials = credentials;
        this.transmits = transmits;
        this.events = events;
    }

    /** RFC 7675 §5.1: uniformly 0.8..1.2 × the configured interval. */
    static long interval(long intervalNanos, RandomGenerator random) {
        double factor = 0.8 + 0.4 * random.nextDouble();
        return (long) (intervalNanos * factor);
    }

    /** A pair was selected on the component: consent starts fresh (or keepalives start, without consent). */
    void start(long now, Component k) {
        k.consentLost = false;
        k.lastConsent = now;
        k.nextConsent = config.consent() ? now + interval(config.consentIntervalNanos(), random) : Long.MAX_VALUE;
    }

    /** When the component next needs this class: a consent check, a keepalive, or consent running out. */
    long deadline(Component k) {
        if (config.lite()) {
            return SansIo.NO_DEADLINE; // a lite agent runs no consent or keepalive timer (it spun on one)
        }
        long t = k.nextConsent;
        if (k.selected != null && !k.consentLost && config.consent()) {
            t = Math.min(t, k.lastConsent + config.consentTimeoutNanos());
        }
        return t;
    }

    void run(long now, IceStream s) {
        if (config.lite()) {
            return;
        }
        if (!config.consent()) {
            keepalive(now, s);
            return;
        }
        for (int c = 0; c < s.components; c++) {
            Component k = s.at(c);
            CandidatePair p = k.selected;
            if (p == null || k.consentLost) {
                continue;
            }
            if (now - k.lastConsent >= config.consentTimeoutNanos()) {
                lose(s, k);
                continue;
            }
            if (now >= k.nextConsent) {
                if (s.hasRemoteCredentials()) {
                    send(now, s, p);
                }
                k.nextConsent = now + interval(config.consentIntervalNanos(), random);
            }
        }
    }

    /**
     * RFC 7675 §5.1: consent expired. Sending stops, and since the pair's credentials are not used on its 5-tuple
     * again, the consent checks still outstanding are dropped: no retransmission and no result.
     */
    private void lose(IceStream s, Component k) {
        k.consentLost = true;
        k.nextConsent = Long.MAX_VALUE;
        stun.cancel(x -> x instanceof Pending.Consent c && c.stream() == s && c.pair().component() == k.id);
        events.add(new IceEvent.ConsentLost(s.id, k.id));
        k.transition(ComponentState.DISCONNECTED,
                "no consent for " + config.consentTimeoutNanos() / 1_000_000_000L + " s", events);
    }

    /** A consent check: a Binding request on the selected pair, like a connectivity check (RFC 7675 §5.1). */
    private void send(long now, IceStream s, CandidatePair p) {
        List<StunAttribute> attrs = List.of(new IceAttribute.Priority(p.local.priority()), roles.attribute());
        StunRequest req = new StunRequest(p.local.transport(), p.base(), p.remote.address(), Method.BINDING, attrs,
                credentials.outgoing(s), true);
        stun.send(now, req, new Pending.Consent(s, p));
    }

    /**
     * A consent check's outcome: an authenticated success on the still-selected pair renews consent, if
     * it came from the pair's remote address to its base (RFC 7675 §5.1: symmetric, like any check).
     */
    void onResult(long now, IceStream s, CandidatePair p, StunClientEvent e) {
        int i = p.component() - 1;
        if (e instanceof StunClientEvent.Success ok && s.at(i).selected == p && !s.at(i).consentLost
                && ok.source().equals(p.remote.address()) && ok.local().equals(p.base())) {
            s.at(i).lastConsent = now;
        }
    }

    private void keepalive(long now, IceStream s) {
        for (int c = 0; c < s.components; c++) {
            CandidatePair p = s.at(c).selected;
            if (p == null) {
                continue;
            }
            if (s.at(c).nextConsent == Long.MAX_VALUE || now >= s.at(c).nextConsent) {
                if (s.at(c).nextConsent != Long.MAX_VALUE) {
                    // §11: a Binding indication on the pair, no answer expected
                    byte[] b = StunMessageBuilder.indication(Method.BINDING, TransactionId.random(random))
                            .fingerprint().encode();
                    transmits.add(new Datagram(p.local.transport(), p.base(), p.remote.address(), Bytes.wrap(b)));
                }
                s.at(c).nextConsent = now + KEEPALIVE_NANOS;
            }
        }
    }
}
