package io.icelab.ice;

/** RFC 8445 §6.1.2.6 candidate pair states. */
public enum PairState {
    /** Not checked yet; waits for a pair of its foundation to be unfrozen (§6.1.2.6). */
    FROZEN,
    /** Ready for its ordinary check. */
    WAITING,
    /** A check is in flight. */
    IN_PROGRESS,
    /** A check produced a valid pair (§7.2.5.3). */
    SUCCEEDED,
    /** The check failed or timed out. */
    FAILED
}
