package io.icelab.ice;

import io.icelab.stun.StunClientEvent;

/**
 * RFC 7675 consent freshness: on every selected pair, a consent check every 5 s randomised to
 * 0.8..1.2 × (4..6 s); consent expires 30 s after the last success, which stops all sending on the
 * pair and reports {@link IceEvent.ConsentLost}. Lite agents do not run it.
 */
final class ConsentFreshness {
    private final IceAgent agent;

    ConsentFreshness(IceAgent agent) {
        this.agent = agent;
    }

    /** RFC 7675 §5.1: uniformly 0.8..1.2 × the interval. */
    long interval() {
        double factor = 0.8 + 0.4 * agent.random.nextDouble();
        return (long) (agent.config.consentIntervalNanos() * factor);
    }

    /** RFC 8445 §11: without consent checks, a Binding indication every Tr = 15 s keeps NAT bindings open. */
    static final long KEEPALIVE_NANOS = 15_000_000_000L;

    void run(long now, IceStream s) {
        IceConfig config = agent.config;
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
                k.consentLost = true;
                k.nextConsent = Long.MAX_VALUE;
                agent.dropConsentChecks(s, k.id);
                agent.events.add(new IceEvent.ConsentLost(s.id, k.id));
                k.transition(ComponentState.DISCONNECTED,
                        "no consent for " + config.consentTimeoutNanos() / 1_000_000_000L + " s", agent.events);
                continue;
            }
            if (now >= k.nextConsent) {
                if (s.hasRemoteCredentials()) {
                    agent.sendConsent(now, s, p);
                }
                k.nextConsent = now + interval();
            }
        }
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
                    agent.sendKeepalive(p);
                }
                s.at(c).nextConsent = now + KEEPALIVE_NANOS;
            }
        }
    }
}
