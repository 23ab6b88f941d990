package io.icelab.ice;

/** Why one of the agent's STUN transactions is running, so that its outcome goes back to its purpose. */
sealed interface Pending {
    /** A Binding request to a STUN server while gathering (RFC 8445 §5.1.1.2). */
    record Gather(Gathering.Binding binding) implements Pending {
    }

    /**
     * A connectivity check (§7.2.4).
     *
     * @param nomination whether the request carried USE-CANDIDATE
     * @param prflxPriority the PRIORITY it carried, for a peer-reflexive local candidate (§7.2.5.3.1)
     * @param sentAs the role it claimed, for a 487 (§7.2.5.1)
     */
    record Check(IceStream stream, CandidatePair pair, UseCandidate nomination, long prflxPriority, Role sentAs)
            implements Pending {
    }

    /** An RFC 7675 consent check on a selected pair. */
    record Consent(IceStream stream, CandidatePair pair) implements Pending {
    }

    /** Whether a check nominates (§7.2.4, §8.1.1). */
    enum UseCandidate {
        ABSENT,
        PRESENT
    }
}
