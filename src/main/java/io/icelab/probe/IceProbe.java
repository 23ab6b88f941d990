package io.icelab.probe;

import io.icelab.ice.Role;
import io.icelab.sim.NatConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One ICE session between icelab's agent and an agent under test on real sockets on loopback, each optionally behind
 * a {@link NatBox} of an RFC 4787 profile, with a STUN server outside both. icelab's agent runs in this process; the
 * other is a process speaking the line protocol, its signalling relayed and rewritten as the boxes require (a host
 * address behind a box becomes the box's dead address outside; every outside address the agent is told of becomes
 * its box's proxy). icelab's runtime uses its box as a gateway ({@link NatBox#gateway()}), so icelab's agent knows
 * outside addresses as they are, which its TURN permissions need. What the agent sent is judged by
 * {@link PeerObservations}.
 */
public final class IceProbe {
    /** Where each side sits: behind a box of this profile, or on no NAT (null). */
    public record Placement(String name, NatConfig nat) {
        /** No NAT: the agent's host address is reachable. */
        public static final Placement OPEN = new Placement("no NAT", null);
    }

    /** Whether icelab's agent also gathers a relayed candidate from the probe's TURN server (RFC 8445 §5.1.1.2). */
    public enum Relay { NONE, ICELAB }

    /**
     * A role conflict (RFC 8445 §7.3.1.1): icelab's agent takes the agent's role too, with the largest tie-breaker
     * (it wins: the agent must give way) or 0 (it loses: the agent must answer 487 and keep its role).
     */
    public enum Conflict { NONE, ICELAB_WINS, AGENT_WINS }

    /**
     * One case of the probe.
     *
     * @param peer where the agent under test sits
     * @param icelab where icelab's agent sits
     * @param peerRole the role given to the agent under test (icelab takes the other)
     * @param relay whether icelab's agent has a TURN server outside both boxes
     * @param conflict whether icelab takes the agent's role too, and which tie-breaker wins
     */
    public record Case(Placement peer, Placement icelab, Role peerRole, Relay relay, Conflict conflict) {
        /**
         * A case without a relay or a conflict.
         *
         * @param peer where the agent under test sits
         * @param icelab where icelab's agent sits
         * @param peerRole the agent's role
         */
        public Case(Placement peer, Placement icelab, Role peerRole) {
            this(peer, icelab, peerRole, Relay.NONE, Conflict.NONE);
        }

        /**
         * A case without a conflict.
         *
         * @param peer where the agent under test sits
         * @param icelab where icelab's agent sits
         * @param peerRole the agent's role
         * @param relay whether icelab's agent has a TURN server
         */
        public Case(Placement peer, Placement icelab, Role peerRole, Relay relay) {
            this(peer, icelab, peerRole, relay, Conflict.NONE);
        }

        /**
         * RFC 4787 reasoning, as the simulator's NAT matrix: checks get through unless one side's mapping depends on the
         * destination and the other side's filter admits only the address and port it sent to. Both agents are
         * assumed to gather a server-reflexive candidate.
         *
         * @return true when a direct path is expected
         */
        public boolean expectConnected() {
            return expectConnected(true);
        }

        /**
         * The same for an agent under test that has no server-reflexive candidate (it took no STUN server): behind a
         * NAT its address is learnt only from its checks, which pass icelab's side only when that side is open or
         * filters nothing; the answers and triggered checks back then need the rule above.
         *
         * @param peerHasServerReflexive whether the agent gathered a server-reflexive candidate
         * @return true when a direct path is expected
         */
        public boolean expectConnected(boolean peerHasServerReflexive) {
            if (relay == Relay.ICELAB && (peerHasServerReflexive || peer.nat() == null)) {
                // icelab's relayed candidate is on the open side: the agent's checks reach it through its own NAT, and
                // the server admits them, icelab having permitted the IP of the agent's reflexive candidate (§5.1.1.2)
                return true;
            }
            boolean rule = !(dependentMapping(peer) && portFiltering(icelab)
                    || dependentMapping(icelab) && portFiltering(peer));
            if (peerHasServerReflexive || peer.nat() == null) {
                return rule;
            }
            return rule && (icelab.nat() == null || icelab.nat().filtering() == NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        }

        private static boolean dependentMapping(Placement p) {
            return p.nat() != null && p.nat().mapping() != NatConfig.Dependence.ENDPOINT_INDEPENDENT;
        }

        private static boolean portFiltering(Placement p) {
            return p.nat() != null && p.nat().filtering() == NatConfig.Dependence.ADDRESS_AND_PORT_DEPENDENT;
        }
    }

    /**
     * What one case gave.
     *
     * @param c the case
     * @param connected whether both agents selected a pair in time
     * @param connectMillis from the agent's start to both connected, or -1
     * @param icelabPair icelab's selected pair, or the reason it has none
     * @param peerLine the agent's {@code connected} line, or null
     * @param peerExit the agent's exit code (-1: stopped)
     * @param statements the judged statements
     * @param notes what else the probe noticed (the agent's refusals, its stderr's errors)
     * @param peerTookStun whether the agent took the STUN server (and so could gather a server-reflexive candidate)
     */
    public record Result(Case c, boolean connected, long connectMillis, String icelabPair, String peerLine, int peerExit,
            List<PeerObservations.Statement> statements, List<String> notes, boolean peerTookStun) {
        /**
         * The outcome RFC 4787 reasoning expects for this case and this agent.
         *
         * @return true when a direct path is expected
         */
        public boolean expected() {
            return c.expectConnected(peerTookStun);
        }

        /**
         * Whether the outcome is the expected one.
         *
         * @return true when connected exactly when expected
         */
        public boolean asExpected() {
            return connected == expected();
        }
    }

    /** Loopback addresses: icelab outside on 127.0.0.1, the agent under test outside on 127.0.0.2. */
    static final String ICELAB_OPEN = "127.0.0.1";
    static final String PEER_OPEN = "127.0.0.2";
    /** The probe's TURN server and its relayed addresses (relay cases). */
    static final String TURN_IP = "127.0.0.3";
    static final String TURN_USER = "probe";
    static final String TURN_PASSWORD = "probe-relay-pass";

    /** Whether the path dies once both agents are connected (RFC 7675 §5.1: consent is then lost). */
    public enum Loss { NONE, AFTER_CONNECTED }

    private final List<String> agentCommand;
    private final long timeoutNanos;
    private final long consentNanos;
    private final Loss loss;

    /**
     * A probe of one agent.
     *
     * @param agentCommand the agent's command line, before the protocol's options
     * @param timeoutNanos how long each case may take to connect
     * @param consentNanos how long to watch after both connected (consent checks need 12 s or more)
     */
    public IceProbe(List<String> agentCommand, long timeoutNanos, long consentNanos) {
        this(agentCommand, timeoutNanos, consentNanos, Loss.NONE);
    }

    /**
     * A probe of one agent that may kill the path once connected.
     *
     * @param agentCommand the agent's command line, before the protocol's options
     * @param timeoutNanos how long each case may take to connect
     * @param consentNanos how long to watch after both connected
     * @param loss whether the path dies then (a box on either side cuts; the watch should exceed 30 s)
     */
    public IceProbe(List<String> agentCommand, long timeoutNanos, long consentNanos, Loss loss) {
        this.agentCommand = List.copyOf(agentCommand);
        this.timeoutNanos = timeoutNanos;
        this.consentNanos = consentNanos;
        this.loss = loss;
    }

    /**
     * Runs one case: starts the STUN server, the boxes, icelab's agent and the agent under test, relays their lines
     * until both connect or the time is up, and judges what the agent sent.
     *
     * @param c the case
     * @return the result
     * @throws IOException when a socket or the agent's process cannot be started
     * @throws InterruptedException when interrupted while waiting for the agent
     */
    public Result run(Case c) throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        Result r = attempt(c, true, notes);
        if (r.peerExit() == 2 && r.peerLine() == null && !r.connected()) {
            notes.add("the agent refused --stun (exit 2): run again without a STUN server for it");
            r = attempt(c, false, notes);
        }
        return r;
    }

    private Result attempt(Case c, boolean giveStun, List<String> notes) throws IOException, InterruptedException {
        try (ProbeRig rig = new ProbeRig(c, agentCommand, timeoutNanos, consentNanos, loss)) {
            return rig.session(giveStun, notes);
        }
    }
}
