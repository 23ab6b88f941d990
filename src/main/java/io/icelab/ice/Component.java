package io.icelab.ice;

import java.util.Collection;

/**
 * One component of a stream (RFC 8445 §2: RTP, RTCP, ...): its selected pair, the state the application sees,
 * and its consent (RFC 7675). Its state changes in one place, {@link #transition}, which reports it.
 */
final class Component {
    final int stream;
    final int id;
    CandidatePair selected;
    ComponentState state = ComponentState.CHECKING;
    /** When the first valid pair appeared (the nomination delay runs from it); -1 before. */
    long firstValidAt = -1;
    long lastConsent;
    long nextConsent = Long.MAX_VALUE;
    boolean consentLost;
    /** A restart happened: the next nomination is a new selection even on the same endpoints. */
    boolean restarted;

    Component(int stream, int id) {
        this.stream = stream;
        this.id = id;
    }

    /**
     * The one place the state changes; the change is reported as {@link IceEvent.ComponentStateChanged}.
     *
     * @return false when the component was in that state already (nothing is reported)
     */
    boolean transition(ComponentState to, String reason, Collection<IceEvent> events) {
        if (state == to) {
            return false;
        }
        state = to;
        events.add(new IceEvent.ComponentStateChanged(stream, id, to, reason));
        return true;
    }
}
