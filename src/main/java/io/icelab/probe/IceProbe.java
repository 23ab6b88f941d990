package io.icelab.probe;

import io.icelab.ice.Candidate;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.Role;
import io.icelab.ice.SdpParseException;
import io.icelab.net.SocketRuntime;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatTranslator;
import io.icelab.net.RuntimeRelayAllocator;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunServer;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnServer;
import io.icelab.stun.Transport;
import io.icelab.stun.TransportAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

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
        try (Rig rig = new Rig(c)) {
            return rig.session(giveStun, notes);
        }
    }

    /** Everything one attempt opens, closed together. */
    private final class Rig implements AutoCloseable {
        final Case c;
        SocketRuntime stunRuntime;
        Thread stunThread;
        NatBox peerBox;
        NatBox icelabBox;
        InetAddress peerIp;
        InetAddress icelabIp;
        InetSocketAddress stun;
        SocketRuntime turnRuntime;
        Thread turnThread;
        InetSocketAddress turn;

        /** Opens everything, or closes what it opened and says why not (a loopback address this system lacks). */
        Rig(Case c) throws IOException {
            this.c = c;
            try {
                open();
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void open() throws IOException {
            InetSocketAddress stunAt = new InetSocketAddress(InetAddress.getByName(ICELAB_OPEN), 0);
            stunRuntime = SocketRuntime.open(stunAt);
            stun = stunRuntime.localAddresses().get(0);
            stunThread = serve(stunRuntime, new StunServer(StunServer.Config.basic(stun)), "icelab-probe-stun");
            if (c.relay() == Relay.ICELAB) {
                // icelab's TURN server on 127.0.0.3, relaying to loopback peers (the boxes' external addresses)
                InetAddress turnIp = InetAddress.getByName(TURN_IP);
                turnRuntime = SocketRuntime.open(new InetSocketAddress(turnIp, 0));
                turn = turnRuntime.localAddresses().get(0);
                TurnServer relay = new TurnServer(TurnServer.Config.of(List.of(turn), "icelab-probe",
                        StaticUsers.of(TURN_USER, TURN_PASSWORD)).withPeers(PeerPolicy.loopbackAllowed(List.of(turnIp))),
                        new RuntimeRelayAllocator(turnRuntime, turnIp, 49152, 65535), new SplittableRandom(3));
                turnThread = serve(turnRuntime, relay, "icelab-probe-turn");
            }
            peerBox = box("peer", c.peer(), "127.0.2.254", "127.0.2.253", "127.0.3.1");
            icelabBox = box("icelab", c.icelab(), "127.0.4.254", "127.0.4.253", "127.0.5.1");
            peerIp = InetAddress.getByName(peerBox == null ? PEER_OPEN : "127.0.2.1");
            icelabIp = InetAddress.getByName(icelabBox == null ? ICELAB_OPEN : "127.0.4.1");
        }

        private NatBox box(String name, Placement p, String proxyIp, String deadIp, String externalIp) throws IOException {
            if (p.nat() == null) {
                return null;
            }
            NatTranslator t = new NatTranslator(p.nat(), List.of(InetAddress.getByName(externalIp)), new SplittableRandom(7));
            return new NatBox(name, t, InetAddress.getByName(proxyIp), InetAddress.getByName(deadIp));
        }

        /** An address as the agent on {@code to}'s side should be told it. */
        InetSocketAddress rewrite(InetSocketAddress a, InetAddress senderIp, NatBox senderBox, NatBox receiverBox)
                throws IOException {
            InetSocketAddress out = a;
            if (senderBox != null) {
                InetSocketAddress behind = senderBox.outsideOf(a);
                out = a.getAddress().equals(senderIp) ? senderBox.dead() : behind != null ? behind : a;
            }
            return receiverBox == null ? out : receiverBox.proxyFor(out);
        }

        Candidate rewrite(Candidate x, InetAddress senderIp, NatBox senderBox, NatBox receiverBox) throws IOException {
            InetSocketAddress related = x.related() == null ? null
                    : rewrite(x.related(), senderIp, senderBox, receiverBox);
            return new Candidate(x.foundation(), x.component(), x.transport(), x.priority(),
                    rewrite(x.address(), senderIp, senderBox, receiverBox), x.type(), null, related, x.tcpType());
        }

        Result session(boolean giveStun, List<String> notes) throws IOException, InterruptedException {
            Role other = c.peerRole() == Role.CONTROLLING ? Role.CONTROLLED : Role.CONTROLLING;
            Role icelabRole = c.conflict() == Conflict.NONE ? other : c.peerRole();
            InetSocketAddress icelabStun = stun; // icelab's runtime reaches it through its box's gateway
            InetSocketAddress peerStun = peerBox == null ? stun : peerBox.proxyFor(stun);
            List<PeerObservations.Seen> seen = new CopyOnWriteArrayList<>();
            long[] connectedAt = {-1, -1}; // icelab, peer (runtime nanos)
            long[] cutAt = {-1};
            String[] icelabPair = {"not selected"};
            String[] peerLine = {null};
            String[] peerCreds = {null, null};
            boolean[] failed = {false};
            try (SocketRuntime rt = SocketRuntime.open(new InetSocketAddress(icelabIp, 0))) {
                InetSocketAddress local = rt.localAddresses().get(0);
                if (icelabBox != null) {
                    rt.gateway(icelabBox.gateway()); // icelab knows outside addresses as they are; datagrams cross the box
                }
                rt.tap((now, wireFrom, to, payload) -> {
                    InetSocketAddress from = icelabBox == null ? wireFrom
                            : java.util.Objects.requireNonNullElse(icelabBox.outsideOf(wireFrom), wireFrom);
                    if (to.equals(local) && !from.equals(stun) && !from.equals(turn) && seen.size() < 100_000) {
                        seen.add(new PeerObservations.Seen(now, from, to, payload));
                    }
                });
                IceConfig config = IceConfig.defaults(icelabRole).withLoopback(true).withStunServers(List.of(icelabStun));
                if (turn != null) {
                    config = config.withTurnServers(List.of(new IceConfig.TurnServer(turn, TURN_USER, TURN_PASSWORD)));
                }
                IceAgent agent = new IceAgent(config, new SplittableRandom(1));
                if (c.conflict() != Conflict.NONE) {
                    agent.setTieBreaker(c.conflict() == Conflict.ICELAB_WINS ? -1L : 0L); // unsigned: the largest, or 0
                }
                agent.addStream(List.of(List.of(local)));
                List<String> command = new ArrayList<>(agentCommand);
                command.add(c.peerRole() == Role.CONTROLLING ? "--controlling" : "--controlled");
                command.addAll(List.of("--bind", peerIp.getHostAddress(), "--timeout",
                        String.valueOf(Math.max(1, (timeoutNanos + consentNanos) / 1_000_000_000L + 5))));
                if (giveStun) {
                    command.addAll(List.of("--stun", TransportAddresses.format(peerStun)));
                }
                long start = rt.nowNanos();
                try (ForeignAgent peer = new ForeignAgent(command, rt::wakeup)) {
                    peer.say("a=ice-ufrag:" + agent.localUfrag());
                    peer.say("a=ice-pwd:" + agent.localPwd());
                    agent.gather(start);
                    int[] lineNumber = {0};
                    rt.drive(agent, e -> {
                        try {
                            if (e instanceof IceEvent.CandidateGathered g && g.candidate().transport() == Transport.UDP) {
                                peer.say(IceSdp.formatCandidate(rewrite(g.candidate(), icelabIp, icelabBox, peerBox)));
                            } else if (e instanceof IceEvent.GatheringComplete) {
                                peer.say("a=end-of-candidates");
                            } else if (e instanceof IceEvent.SelectedPairChanged s) {
                                connectedAt[0] = connectedAt[0] < 0 ? rt.nowNanos() : connectedAt[0];
                                Candidate l = s.local();
                                icelabPair[0] = TransportAddresses.format(l.address()) + " " + l.type().sdpName()
                                        + (l.base() != null && !l.base().equals(l.address())
                                                ? " (base " + TransportAddresses.format(l.base()) + ")" : "")
                                        + " -> " + TransportAddresses.format(s.remote().address())
                                        + " " + s.remote().type().sdpName();
                            } else if (e instanceof IceEvent.ComponentStateChanged k && k.state() == ComponentState.FAILED) {
                                failed[0] = true;
                                icelabPair[0] = "failed: " + k.reason();
                            }
                        } catch (IOException x) {
                            notes.add("rewriting a candidate: " + x.getMessage());
                        }
                    }, () -> failed[0] || !peer.alive() && peerLine[0] == null
                            || connectedAt[0] >= 0 && connectedAt[1] >= 0
                            && rt.nowNanos() - Math.max(connectedAt[0], connectedAt[1]) >= consentNanos,
                            timeoutNanos + consentNanos, now -> {
                                if (loss == Loss.AFTER_CONNECTED && cutAt[0] < 0 && connectedAt[0] >= 0
                                        && connectedAt[1] >= 0 && (peerBox != null || icelabBox != null)) {
                                    cutAt[0] = now;
                                    (peerBox != null ? peerBox : icelabBox).cut();
                                }
                                for (String line; (line = peer.poll()) != null; ) {
                                    lineNumber[0]++;
                                    String l = line.strip();
                                    try {
                                        if (l.startsWith("a=ice-ufrag:")) {
                                            peerCreds[0] = IceSdp.checkUfrag(l.substring(12), lineNumber[0]);
                                        } else if (l.startsWith("a=ice-pwd:")) {
                                            peerCreds[1] = IceSdp.checkPwd(l.substring(10), lineNumber[0]);
                                            agent.setRemoteCredentials(1, peerCreds[0], peerCreds[1]);
                                        } else if (l.equals("a=ice-lite")) {
                                            agent.setRemoteLite(1, true);
                                        } else if (l.startsWith("a=candidate:")) {
                                            Candidate x = IceSdp.parseCandidate(l, lineNumber[0], null);
                                            if (x != null && x.transport() == Transport.UDP) {
                                                agent.addRemoteCandidate(now, 1, rewrite(x, peerIp, peerBox, null));
                                            }
                                        } else if (l.equals("a=end-of-candidates")) {
                                            agent.endOfRemoteCandidates(now, 1);
                                        } else if (l.startsWith("connected ")) {
                                            peerLine[0] = l;
                                            connectedAt[1] = connectedAt[1] < 0 ? now : connectedAt[1];
                                        }
                                    } catch (SdpParseException | IOException x) {
                                        notes.add("the agent's line " + lineNumber[0] + ": " + x.getMessage());
                                    }
                                }
                            });
                    boolean both = connectedAt[0] >= 0 && connectedAt[1] >= 0;
                    long connectedNanos = both ? Math.max(connectedAt[0], connectedAt[1]) : -1;
                    long window = both ? rt.nowNanos() - connectedNanos : 0;
                    List<PeerObservations.Seen> judged = firstHop(seen, System.nanoTime() - rt.nowNanos());
                    int exit = peer.finish(3_000);
                    List<String> errors = peer.errors().stream()
                            .filter(e -> e.startsWith("error") || e.contains("Exception")).limit(3).toList();
                    for (String e : errors) {
                        notes.add("agent stderr: " + e);
                    }
                    PeerObservations.Session s = new PeerObservations.Session(c.peerRole(), agent.localUfrag(),
                            agent.localPwd(), peerCreds[0] == null ? "" : peerCreds[0],
                            peerCreds[1] == null ? "" : peerCreds[1], connectedNanos, window,
                            peerBox == null && icelabBox == null ? PeerObservations.Timing.RECEIVER
                                    : PeerObservations.Timing.FIRST_HOP, c.conflict(), cutAt[0]);
                    return new Result(c, both, both ? (connectedNanos - start) / 1_000_000 : -1, icelabPair[0],
                            peerLine[0], exit, PeerObservations.judge(s, judged, reachedAgent(System.nanoTime() - rt.nowNanos())),
                            List.copyOf(notes), giveStun);
                }
            }
        }

        /** What icelab's side sent that the agent's box let in (null when the agent is on no NAT). */
        List<PeerObservations.Seen> reachedAgent(long origin) {
            if (peerBox == null) {
                return null;
            }
            List<PeerObservations.Seen> out = new ArrayList<>();
            for (NatBox.Crossing x : peerBox.crossings()) {
                if (x.direction() == NatBox.Direction.INBOUND && !x.from().equals(stun)) {
                    out.add(new PeerObservations.Seen(x.nanos() - origin, x.from(), x.to(), x.payload()));
                }
            }
            return out;
        }

        /** Runs a server on its runtime on a daemon thread until {@link #stop}. */
        private static Thread serve(SocketRuntime rt, io.icelab.stun.SansIo<?> server, String name) {
            Thread t = new Thread(() -> {
                try {
                    rt.drive(server, e -> { }, () -> false, Long.MAX_VALUE);
                } catch (IOException e) {
                    // closed under it
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static void stop(SocketRuntime rt, Thread driver) {
            if (rt == null) {
                return;
            }
            rt.stop();
            if (driver != null) {
                try {
                    driver.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            rt.close();
        }

        /**
         * What the agent sent, read where it first met the probe: as its own box received it from inside, else as
         * icelab's box received it from outside, else at icelab's socket; times as icelab's runtime counts them.
         * (icelab's box sees outside endpoints by their real addresses: icelab reaches them through its gateway.)
         * The nearer the sender, the less a box's forwarding delays pacing.
         */
        List<PeerObservations.Seen> firstHop(List<PeerObservations.Seen> atIcelab, long origin) {
            if (peerBox == null && icelabBox == null) {
                return atIcelab;
            }
            List<PeerObservations.Seen> out = new ArrayList<>();
            NatBox box = peerBox != null ? peerBox : icelabBox;
            for (NatBox.Crossing x : box.crossings()) {
                boolean cutFromPeer = x.direction() == NatBox.Direction.CUT && (peerBox != null
                        ? !x.to().equals(stun) && x.from().getAddress().equals(peerIp)
                        : !x.from().equals(stun) && !x.from().equals(turn) && !x.from().getAddress().equals(icelabIp));
                boolean fromPeer = cutFromPeer || (peerBox != null
                        ? (x.direction() == NatBox.Direction.OUTBOUND || x.direction() == NatBox.Direction.DROPPED)
                                && !x.to().equals(stun)
                        : (x.direction() == NatBox.Direction.INBOUND || x.direction() == NatBox.Direction.FILTERED)
                                && !x.from().equals(stun) && !x.from().equals(turn));
                if (fromPeer) {
                    out.add(new PeerObservations.Seen(x.nanos() - origin, x.from(), x.to(), x.payload()));
                }
            }
            return out;
        }

        @Override
        public void close() {
            stop(turnRuntime, turnThread);
            stop(stunRuntime, stunThread);
            for (NatBox b : new NatBox[] {peerBox, icelabBox}) {
                if (b != null) {
                    b.close();
                }
            }
        }
    }
}
