package io.icelab.ice;

import io.icelab.stun.Bytes;

/** What an {@link IceAgent} tells its application. */
public sealed interface IceEvent {

    /**
     * A candidate pair as events name it (RFC 8445 §6.1.2.2).
     *
     * @param local the local candidate
     * @param remote the remote candidate
     */
    record Pair(Candidate local, Candidate remote) {
        /** {@code type:address -> type:address}, e.g. {@code host:10.0.0.1:5000 -> srflx:203.0.113.9:6000}. */
        @Override
        public String toString() {
            return local.type().sdpName() + ":" + io.icelab.stun.TransportAddresses.format(local.address()) + " -> "
                    + remote.type().sdpName() + ":" + io.icelab.stun.TransportAddresses.format(remote.address());
        }
    }

    /** A local candidate to signal to the peer (trickle), RFC 8838 §4. */
    record CandidateGathered(int stream, Candidate candidate) implements IceEvent {
    }

    /** Gathering finished for a stream: signal end-of-candidates. */
    record GatheringComplete(int stream) implements IceEvent {
    }

    /**
     * A candidate pair changed state (RFC 8445 §6.1.2.6).
     *
     * @param stream the stream
     * @param pair the pair
     * @param state its new state
     */
    record PairStateChanged(int stream, Pair pair, PairState state) implements IceEvent {
    }

    /**
     * RFC 8445 §6.1.2.5, RFC 8838 §10: a full checklist dropped this pair (in {@code state}, with {@code priority})
     * to make room for a new one.
     */
    record PairDropped(int stream, Pair pair, PairState state, long priority) implements IceEvent {
    }

    /** The pair media now uses for a component (first selection, renomination, or after a restart). */
    record SelectedPairChanged(int stream, int component, Candidate local, Candidate remote) implements IceEvent {
    }

    /**
     * A component's state changed.
     *
     * @param stream the stream
     * @param component the component, 1 for the first
     * @param state the new state
     * @param reason why, in words
     */
    record ComponentStateChanged(int stream, int component, ComponentState state, String reason) implements IceEvent {
    }

    /** The agent switched role after a conflict (RFC 8445 §7.3.1.1, §7.2.5.1). */
    record RoleChanged(Role role, String reason) implements IceEvent {
    }

    /** RFC 7675 §5.1: no consent for 30 s; nothing more is sent on the pair. */
    record ConsentLost(int stream, int component) implements IceEvent {
    }

    /** Application data that arrived on a validated pair. */
    record DataReceived(int stream, int component, Bytes data) implements IceEvent {
    }
}
