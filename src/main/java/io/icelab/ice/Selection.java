package io.icelab.ice;

import java.util.Collection;

/**
 * RFC 8445 §8.1: the selected pair of each component and what follows from it. A nominated pair becomes the
 * selected one (a later nomination replaces it); the first one ends the component's checks (§8.1.2) and
 * starts consent (RFC 7675). Also the controlling agent's regular nomination (§8.1.1, decided by
 * {@link Nomination}) and a component's failure (§6.1.2.1, RFC 8838 §8).
 */
final class Selection {
    private final IceConfig config;
    private final Nomination nomination;
    private final Transactions<Pending> stun;
    private final CheckPacing pacing;
    private final Relays relays;
    private final ConsentFreshness consent;
    private final LocalCredentials credentials;
    private final Collection<IceEvent> events;

    Selection(IceConfig config, Nomination nomination, Transactions<Pending> stun, CheckPacing pacing, Relays relays,
            ConsentFreshness consent, LocalCredentials credentials, Collection<IceEvent> events) {
        this.config = config;
        this.nomination = nomination;
        this.stun = stun;
        this.pacing = pacing;
        this.relays = relays;
        this.consent = consent;
        this.credentials = credentials;
        this.events = events;
    }

    /** The pair becomes the component's selected pair (a later nomination replaces an earlier one). */
    void nominate(long now, IceStream s, CandidatePair p) {
        p.nominated = true;
        Component k = s.at(p.component() - 1);
        CandidatePair old = k.selected;
        if (old != null && old.sameEndpoints(p.local.transport(), p.base(), p.remote.address()) && !k.consentLost && !k.restarted) {
            return;
        }
        boolean first = old == null || k.restarted;
        k.restarted = false;
        k.selected = p;
        if (first) {
            stopOtherChecks(s, p.component());
        }
        relays.selected(now, p);
        consent.start(now, k);
        events.add(new IceEvent.SelectedPairChanged(s.id, p.component(), p.local, p.remote));
        k.transition(ComponentState.CONNECTED, "pair " + p + " nominated", events);
        credentials.forgetPrevious();
    }

    /**
     * §8.1.2: once a component has a nominated pair, its other pairs leave the checklist and the triggered-check
     * queue, and their in-progress checks are cancelled: no retransmission, and no failure if no answer comes.
     * The valid list stays (data is accepted on any valid pair, §12.2) and checks are still answered.
     */
    private void stopOtherChecks(IceStream s, int component) {
        s.triggered.removeIf(q -> q.component() == component);
        s.checklist.removeIf(q -> q.component() == component);
        stun.stopRetransmitting(x -> x instanceof Pending.Check c && c.stream() == s && c.pair().component() == component);
    }

    /** When the nomination delay of component {@code c} (0-based) ends (see {@link Nomination#deadline}). */
    long nominationDeadline(IceStream s, int c) {
        return nomination.deadline(s, c);
    }

    /** Controlling side, regular nomination (§8.1.1), and failure detection (§6.1.2.1, RFC 8838 §8). */
    void update(long now, IceStream s) {
        for (int c = 1; c <= s.components; c++) {
            CandidatePair best = nomination.toNominate(now, s, c);
            if (best != null) {
                // §8.1.1: the nominating check goes first, from the triggered-check queue
                best.nominating = true;
                if (!s.checklist.contains(best)) {
                    s.insert(best);
                }
                s.triggered.add(best);
                pacing.wake(now);
            }
            Component k = s.at(c - 1);
            if (!config.lite() && k.selected == null && k.state == ComponentState.CHECKING && s.allFailed(c)
                    && s.remoteEnd && s.gatheringComplete && s.triggered.isEmpty()) {
                k.transition(ComponentState.FAILED, "every pair failed after end-of-candidates", events);
            }
        }
    }
}
