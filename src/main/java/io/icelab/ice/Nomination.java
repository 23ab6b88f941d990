package io.icelab.ice;

import io.icelab.stun.SansIo;

/**
 * RFC 8445 §8.1.1: when the controlling agent nominates. Under regular nomination (or with a lite peer, §6.1.1)
 * it waits, after a component's first valid pair, for better pairs still being checked, at most the
 * nomination delay; then the best valid pair is checked again with USE-CANDIDATE. Decides only: the agent
 * queues the check.
 */
final class Nomination {
    private final IceConfig config;
    private final Roles roles;

    Nomination(IceConfig config, Roles roles) {
        this.config = config;
        this.roles = roles;
    }

    /** The valid pair of component {@code c} (1-based) to nominate now, or null. */
    CandidatePair toNominate(long now, IceStream s, int c) {
        if (!roles.controlling() || config.lite() || !(s.at(c - 1).selected == null || s.at(c - 1).restarted)) {
            return null;
        }
        CandidatePair best = s.bestValid(c);
        if (best == null || best.nominating) {
            return null;
        }
        boolean regular = config.nomination() == IceConfig.Nomination.REGULAR || s.remoteLite;
        boolean waited = !s.betterPending(c, best.priority) || now >= s.at(c - 1).firstValidAt + config.nominationDelayNanos();
        return regular && waited ? best : null;
    }

    /** When the nomination delay of component {@code c} (0-based) ends, for the agent's timer. */
    long deadline(IceStream s, int c) {
        CandidatePair best = s.at(c).selected == null || s.at(c).restarted ? s.bestValid(c + 1) : null;
        if (roles.controlling() && best != null && !best.nominating && !config.lite()) {
            return s.at(c).firstValidAt + config.nominationDelayNanos();
        }
        return SansIo.NO_DEADLINE;
    }
}
