package io.icelab.sim;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An ICE agent running on a simulated host, with out-of-band signalling to one peer through the
 * scheduler: credentials, candidates (trickled as gathered, or all at once when gathering completes)
 * and end-of-candidates arrive after a signalling delay. The agent is the core's, unchanged.
 */
public final class IceHost {
    private final Simulation sim;
    private final String name;
    private final IceAgent agent;
    private final SimApp<IceEvent> app;
    private final int components;
    private IceHost peer;
    private long signallingDelay;
    private boolean trickle;
    private final List<Candidate> unsent = new ArrayList<>();
    private long connectedAt = -1;
    private long startedAt;
    private final java.util.Map<io.icelab.ice.CandidateType, Long> extraDelay =
            new java.util.EnumMap<>(io.icelab.ice.CandidateType.class);
    private boolean twice;

    public IceHost(Simulation sim, Host host, String appName, IceConfig config, List<List<InetSocketAddress>> bases) {
        this.sim = sim;
        this.name = host.name() + ":" + appName;
        // with TCP candidates the agent opens simultaneous-open connections (and STUN over TCP) from a base's own
        // port through the host's TCP: STUN-framed to its STUN servers, RFC 4571 to peers (RFC 6544 §3)
        this.agent = config.tcpCandidates() == IceConfig.TcpCandidates.NONE
                ? new IceAgent(config, sim.random(host.name() + ":" + appName))
                : new IceAgent(config, sim.random(host.name() + ":" + appName), new io.icelab.turn.TcpConnector() {
                    @Override
                    public void connect(InetSocketAddress from, InetSocketAddress to) {
                        boolean server = config.stunServers().contains(to)
                                || config.turnServers().stream().anyMatch(t -> t.address().equals(to));
                        host.tcp().connectFrom(app, from, to, server
                                ? io.icelab.stun.StreamFramer.Framing.STUN : io.icelab.stun.StreamFramer.Framing.RFC4571);
                    }

                    @Override
                    public boolean opensFromListeningPorts() {
                        return true; // the simulated TCP binds a listening port's connections too
                    }

                    @Override
                    public void reframe(InetSocketAddress local, InetSocketAddress remote,
                            io.icelab.stun.StreamFramer.Framing framing) {
                        host.tcp().reframe(local, remote, framing); // RFC 6062: a relayed TCP candidate's data connection
                    }

                    @Override
                    public void close(InetSocketAddress local, InetSocketAddress remote) {
                        host.tcp().close(local, remote);
                    }
                });
        this.components = bases.size();
        agent.addStream(bases);
        List<InetSocketAddress> locals = new ArrayList<>();
        // bases the host does not have (a scenario's loopback or site-local offer) get no socket: the agent must
        // not gather on them, and anything it sent from one would fail loudly
        bases.forEach(b -> b.stream().filter(a -> host.owns(a.getAddress())).forEach(locals::add));
        this.app = host.run(appName, agent, locals).onEvent(this::onEvent);
        for (IceConfig.TurnServer t : config.turnServers()) {
            if (t.transport() != IceConfig.TurnTransport.UDP) {
                host.tcpFraming(app, t.address(), io.icelab.stun.StreamFramer.Framing.STUN); // TURN over TCP (§3.1)
            }
        }
        if (config.tcpCandidates() != IceConfig.TcpCandidates.NONE) {
            // RFC 6544: the passive candidates accept on the bases; checks and data are RFC 4571 framed
            for (InetSocketAddress local : locals) {
                host.listenTcp(app, local, io.icelab.stun.StreamFramer.Framing.RFC4571);
            }
            host.tcpSourcePort(app, Host.TcpSourcePort.EPHEMERAL); // the active candidates' connections
        }
    }

    public String name() {
        return name;
    }

    public IceAgent agent() {
        return agent;
    }

    public SimApp<IceEvent> app() {
        return app;
    }

    /** Virtual time when every component first had a selected pair, or -1. */
    public long connectedAt() {
        return connectedAt;
    }

    public boolean connected() {
        return connectedAt >= 0;
    }

    public Candidate[] selected(int component) {
        return agent.selectedPair(1, component);
    }

    /** Both directions of signalling between this host and {@code other}. */
    public static void pair(IceHost a, IceHost b, long signallingDelayNanos, boolean trickle) {
        a.peer = b;
        b.peer = a;
        a.signallingDelay = b.signallingDelay = signallingDelayNanos;
        a.trickle = b.trickle = trickle;
    }

    /** Sends our credentials and lite flag to the peer and starts gathering, at {@code at}. */
    public void start(long at) {
        startedAt = at;
        app.at(at, "gather", () -> {
            // a lab's secrets are not secret: logged so captures can be decoded and checked (replay sidecars)
            sim.log(name, "ice credentials ufrag " + agent.localUfrag() + " pwd " + agent.localPwd());
            signal("credentials", () -> {
                peer.agent.setRemoteCredentials(1, agent.localUfrag(), agent.localPwd());
                if (agent.isLite()) {
                    peer.agent.setRemoteLite(1, true);
                }
            });
            agent.gather(sim.now());
        });
    }

    /** RFC 8445 §9 restart from this side: new credentials and candidates to the peer, which restarts too. */
    public void restart(long at) {
        app.at(at, "ice restart", () -> {
            agent.restart(sim.now());
            signal("restart", () -> {
                peer.agent.restart(sim.now());
                peer.agent.setRemoteCredentials(1, agent.localUfrag(), agent.localPwd());
                peer.signal("restart answer", () ->
                        agent.setRemoteCredentials(1, peer.agent.localUfrag(), peer.agent.localPwd()));
            });
        });
    }

    /** Runs {@code action} on the peer's agent after the signalling delay. */
    void signal(String what, Runnable action) {
        peer.app.at(sim.now() + signallingDelay, "signal " + what + " from " + name, action);
    }

    /** This side does not trickle: its candidates go to the peer in one batch with end-of-candidates. */
    public void withoutTrickle() {
        trickle = false;
    }

    /** Every trickled candidate reaches the peer a second time, 100 ms after the first (RFC 8838 §11 duplicates). */
    public void signalCandidatesTwice() {
        twice = true;
    }

    /** Trickled candidates of this type reach the peer {@code extraNanos} later than the others. */
    public void delayCandidates(io.icelab.ice.CandidateType type, long extraNanos) {
        extraDelay.put(type, extraNanos);
    }

    private void onEvent(IceEvent e) {
        if (peer == null && (e instanceof IceEvent.CandidateGathered || e instanceof IceEvent.GatheringComplete)) {
            return; // no peer paired: a scenario gives this agent its remote candidates itself
        }
        if (e instanceof IceEvent.CandidateGathered g) {
            if (trickle) {
                Candidate c = g.candidate();
                long extra = extraDelay.getOrDefault(c.type(), 0L);
                peer.app.at(sim.now() + signallingDelay + extra, "signal candidate from " + name,
                        () -> peer.agent.addRemoteCandidate(sim.now(), 1, c));
                if (twice) {
                    peer.app.at(sim.now() + signallingDelay + extra + 100_000_000L, "signal candidate again from " + name,
                            () -> peer.agent.addRemoteCandidate(sim.now(), 1, c));
                }
            } else {
                unsent.add(g.candidate());
            }
        } else if (e instanceof IceEvent.GatheringComplete) {
            List<Candidate> batch = List.copyOf(unsent);
            unsent.clear();
            // RFC 8838 §13: end-of-candidates follows the last trickled candidate, late ones included
            long latest = 0;
            for (long extra : extraDelay.values()) {
                latest = Math.max(latest, extra);
            }
            peer.app.at(sim.now() + signallingDelay + latest, "signal end-of-candidates from " + name, () -> {
                for (Candidate c : batch) {
                    peer.agent.addRemoteCandidate(sim.now(), 1, c);
                }
                peer.agent.endOfRemoteCandidates(sim.now(), 1);
            });
        } else if (e instanceof IceEvent.SelectedPairChanged && connectedAt < 0) {
            boolean all = true;
            for (int c = 1; c <= components; c++) {
                all &= agent.selectedPair(1, c) != null;
            }
            if (all) {
                connectedAt = sim.now();
                sim.log(name, "connected: every component has a selected pair, "
                        + (connectedAt - startedAt) / 1_000_000 + " ms after start");
            }
        }
    }
}
