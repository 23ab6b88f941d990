package io.icelab.harness;


import io.icelab.stun.StunMessage;

/**
 * Views of the simulated wire that the ICE wire steps share: each agent's checks in order, who sent a check, event
 * times, the first selection.
 */
final class IceWire {
    private final World world;

    IceWire(World world) {
        this.world = world;
    }

    /** The sender's ufrag of a check (the part of USERNAME after the colon), or "". */
    static String sender(StunMessage m) {
        io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
        String[] parts = u == null ? new String[0] : u.text().split(":");
        return parts.length == 2 ? parts[1] : "";
    }

    /** A check of an agent: the request and when it was first seen. */
    record Check(long time, StunMessage message) {
    }

    /** WHO's checks (Binding requests with PRIORITY from WHO's host) as first seen in WHO's realm, in order. */
    java.util.List<Check> checksOf(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.Map<String, Check> seen = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(host)) {
                seen.putIfAbsent(m.transactionId().toString(), new Check(c.timeNanos(), m));
            }
        }
        return new java.util.ArrayList<>(seen.values());
    }

    /** The first selection of either agent: the checks before it are the ones the pacing rule is about. */
    long firstSelection() {
        return world.sim().log().firstTime(":ice: SelectedPairChanged").orElse(Long.MAX_VALUE);
    }

    /** When WHO's agent first reported an event of this kind (from the event log). */
    long eventTime(String who, String event) {
        return world.sim().log().firstTime(" " + who + ":ice: " + event)
                .orElseThrow(() -> new AssertionError(who + " reported no " + event));
    }
}
