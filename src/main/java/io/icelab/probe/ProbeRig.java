package io.icelab.probe;

import io.icelab.ice.Candidate;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.Role;
import io.icelab.ice.SdpParseException;
import io.icelab.net.RuntimeRelayAllocator;
import io.icelab.net.SocketRuntime;
import io.icelab.sim.NatTranslator;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunServer;
import io.icelab.stun.Transport;
import io.icelab.stun.TransportAddresses;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything one attempt of an {@link IceProbe} case opens (a STUN server, a TURN server for the relay cases, the NAT
 * boxes, icelab's agent on its runtime, the agent under test) and the session between the two agents; closed together.
 */
final class ProbeRig implements AutoCloseable {
    final IceProbe.Case c;
    private final List<String> agentCommand;
    private final long timeoutNanos;
    private final long consentNanos;
    private final IceProbe.Loss loss;
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
    ProbeRig(IceProbe.Case c, List<String> agentCommand, long timeoutNanos, long consentNanos, IceProbe.Loss loss)
            throws IOException {
        this.c = c;
        this.agentCommand = agentCommand;
        this.timeoutNanos = timeoutNanos;
        this.consentNanos = consentNanos;
        this.loss = loss;
        try {
            open();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        InetSocketAddress stunAt = new InetSocketAddress(InetAddress.getByName(IceProbe.ICELAB_OPEN), 0);
        stunRuntime = SocketRuntime.open(stunAt);
        stun = stunRuntime.localAddresses().get(0);
        stunThread = serve(stunRuntime, new StunServer(StunServer.Config.basic(stun)), "icelab-probe-stun");
        if (c.relay() == IceProbe.Relay.ICELAB) {
            // icelab's TURN server on 127.0.0.3, relaying to loopback peers (the boxes' external addresses)
            InetAddress turnIp = InetAddress.getByName(IceProbe.TURN_IP);
            turnRuntime = SocketRuntime.open(new InetSocketAddress(turnIp, 0));
            turn = turnRuntime.localAddresses().get(0);
            TurnServer relay = new TurnServer(TurnServer.Config.of(List.of(turn), "icelab-probe",
                    StaticUsers.of(IceProbe.TURN_USER, IceProbe.TURN_PASSWORD)).withPeers(PeerPolicy.loopbackAllowed(List.of(turnIp))),
                    new RuntimeRelayAllocator(turnRuntime, turnIp, 49152, 65535), new SplittableRandom(3));
            turnThread = serve(turnRuntime, relay, "icelab-probe-turn");
        }
        peerBox = box("peer", c.peer(), "127.0.2.254", "127.0.2.253", "127.0.3.1");
        icelabBox = box("icelab", c.icelab(), "127.0.4.254", "127.0.4.253", "127.0.5.1");
        peerIp = InetAddress.getByName(peerBox == null ? IceProbe.PEER_OPEN : "127.0.2.1");
        icelabIp = InetAddress.getByName(icelabBox == null ? IceProbe.ICELAB_OPEN : "127.0.4.1");
    }

    private NatBox box(String name, IceProbe.Placement p, String proxyIp, String deadIp, String externalIp) throws IOException {
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

    IceProbe.Result session(boolean giveStun, List<String> notes) throws IOException, InterruptedException {
        Role other = c.peerRole() == Role.CONTROLLING ? Role.CONTROLLED : Role.CONTROLLING;
        Role icelabRole = c.conflict() == IceProbe.Conflict.NONE ? other : c.peerRole();
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
                config = config.withTurnServers(List.of(new IceConfig.TurnServer(turn, IceProbe.TURN_USER, IceProbe.TURN_PASSWORD)));
            }
            IceAgent agent = new IceAgent(config, new SplittableRandom(1));
            if (c.conflict() != IceProbe.Conflict.NONE) {
                agent.setTieBreaker(c.conflict() == IceProbe.Conflict.ICELAB_WINS ? -1L : 0L); // unsigned: the largest, or 0
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
                            if (loss == IceProbe.Loss.AFTER_CONNECTED && cutAt[0] < 0 && connectedAt[0] >= 0
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
                long origin = System.nanoTime() - rt.nowNanos(); // the boxes' clock as the runtime counts it
                List<PeerObservations.Seen> judged = firstHop(seen, origin);
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
                return new IceProbe.Result(c, both, both ? (connectedNanos - start) / 1_000_000 : -1, icelabPair[0],
                        peerLine[0], exit, PeerObservations.judge(s, judged, reachedAgent(origin)),
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
