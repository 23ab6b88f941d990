package io.icelab.interop;

import io.icelab.ice.Candidate;
import io.icelab.ice.HostnameResolver;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.Role;
import io.icelab.ice.SdpParseException;
import io.icelab.net.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * icelab's ICE agent on the real-socket runtime, as the far end of a browser's RTCPeerConnection: it
 * answers the browser's offers (icelab controlled), or offers and takes the browser's answer (icelab
 * controlling), trickles both ways (RFC 8838), and restarts when an offer brings new credentials
 * (RFC 8445 §9). The signalling endpoints of {@link PageServer} call it.
 */
final class IcelabPeer implements PageServer.Signalling, AutoCloseable {
    final Driven<IceAgent, IceEvent> driven;
    /** Our candidate lines for the page to poll (trickle), then "end". */
    private final List<String> ourTrickle = new CopyOnWriteArrayList<>();
    /** What the browser trickled to us, as received. */
    final List<String> browserTrickle = new CopyOnWriteArrayList<>();
    /** Every ufrag/pwd either side used, for the capture's credentials sidecar. */
    final List<String[]> credentials = new CopyOnWriteArrayList<>();
    private final List<Candidate> early = new ArrayList<>();
    private boolean earlyEnd;
    private String remoteUfrag;
    private int generationStart;
    private String mid = "0";
    /** Resolves the browser's mDNS host names (HostnameResolver.NONE: they are ignored). */
    volatile HostnameResolver resolver = HostnameResolver.NONE;
    /** The mDNS names icelab shows its host addresses under (none: addresses in the clear). */
    volatile java.util.function.Function<java.net.InetAddress, String> ownNames = a -> null;
    /** The last description icelab sent (offer or answer). */
    volatile String lastDescription;

    IcelabPeer(String name, Role role, Path pcap) throws Exception {
        this(name, role, pcap, IceConfig.TcpCandidates.NONE);
    }

    /**
     * With TCP candidates (RFC 6544): the runtime listens for TCP on the agent's port (its passive candidate) and
     * opens its active candidates' connections as it sends, RFC 4571 framed.
     */
    IcelabPeer(String name, Role role, Path pcap, IceConfig.TcpCandidates tcp) throws Exception {
        this(name, role, pcap, tcp, Loopback.v4(0));
    }

    /** The same on {@code bind} (a loopback address, or the namespace's private one). */
    IcelabPeer(String name, Role role, Path pcap, IceConfig.TcpCandidates tcp, java.net.InetSocketAddress bind)
            throws Exception {
        driven = new Driven<>(name, List.of(bind), pcap, (rt, now) -> {
            IceConfig config = IceConfig.defaults(role).withLoopback(true);
            if (tcp != IceConfig.TcpCandidates.NONE) {
                config = tcp == IceConfig.TcpCandidates.ONLY ? config.withTcpCandidatesOnly() : config.withTcpHostCandidates();
                try {
                    rt.listenTcp(rt.localAddresses().get(0), io.icelab.stun.StreamFramer.Framing.RFC4571);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                rt.openTcpOnSend(io.icelab.stun.StreamFramer.Framing.RFC4571);
            }
            IceAgent a = new IceAgent(config, new SplittableRandom(name.hashCode()));
            a.addStream(List.of(List.of(rt.localAddresses().get(0))));
            a.gather(now);
            return a;
        });
        credentials.add(driven.read(a -> new String[] {a.localUfrag(), a.localPwd()}));
    }

    /** The browser offers: apply it (restarting on new credentials) and answer. */
    @Override
    public String offer(String sdp, boolean trickle) throws SdpParseException {
        IceSdp.Description d = IceSdp.parse(WebRtcSdp.lines(sdp), resolver);
        mid = WebRtcSdp.mid(WebRtcSdp.lines(sdp));
        int before = driven.events.size();
        boolean restart = driven.call((agent, now) -> {
            boolean r = remoteUfrag != null && !remoteUfrag.equals(d.ufrag());
            if (r) {
                agent.restart(now); // RFC 8445 §9: the peer restarted; we take new credentials too
            }
            return r;
        });
        if (restart) {
            generationStart = before;
            ourTrickle.clear();
            credentials.add(driven.read(a -> new String[] {a.localUfrag(), a.localPwd()}));
        }
        applyRemote(d, !trickle);
        return description(false, trickle);
    }

    /** icelab offers (it controls): its full candidate list, end-of-candidates included. */
    @Override
    public String offer() {
        return description(true, false);
    }

    @Override
    public void answer(String sdp, boolean trickle) throws SdpParseException {
        mid = WebRtcSdp.mid(WebRtcSdp.lines(sdp));
        applyRemote(IceSdp.parse(WebRtcSdp.lines(sdp), resolver), !trickle);
    }

    @Override
    public synchronized void candidate(String line) throws SdpParseException {
        browserTrickle.add(line);
        if (line.equals("end")) {
            if (remoteUfrag == null) {
                earlyEnd = true;
            } else {
                driven.call((agent, now) -> {
                    agent.endOfRemoteCandidates(now, 1);
                    return null;
                });
            }
            return;
        }
        Candidate c = IceSdp.parseCandidate(line, browserTrickle.size(), resolver);
        if (c == null) {
            return; // an mDNS name we cannot resolve
        }
        if (remoteUfrag == null) {
            early.add(c); // trickled before the offer reached us (RFC 8838 §11 allows that order)
        } else {
            driven.call((agent, now) -> {
                agent.addRemoteCandidate(now, 1, c);
                return null;
            });
        }
    }

    @Override
    public List<String> ourCandidates(int from) {
        List<String> all = List.copyOf(ourTrickle);
        return from >= all.size() ? List.of() : all.subList(from, all.size());
    }

    private synchronized void applyRemote(IceSdp.Description d, boolean complete) {
        remoteUfrag = d.ufrag();
        credentials.add(new String[] {d.ufrag(), d.pwd()});
        List<Candidate> remote = new ArrayList<>(early);
        early.clear();
        remote.addAll(d.candidates()); // TCP ones too: they pair only where icelab gathers TCP candidates
        boolean end = complete || d.endOfCandidates() || earlyEnd;
        earlyEnd = false;
        driven.call((agent, now) -> {
            agent.setRemoteCredentials(1, d.ufrag(), d.pwd());
            for (Candidate c : remote) {
                agent.addRemoteCandidate(now, 1, c);
            }
            if (end) {
                agent.endOfRemoteCandidates(now, 1);
            }
            return null;
        });
    }

    /** Our description once gathering is complete; with trickle the candidates go to the page separately. */
    private String description(boolean offer, boolean trickle) {
        int from = generationStart;
        driven.await(IceEvent.GatheringComplete.class, g -> true, from, Duration.ofSeconds(10));
        List<Candidate> ours = new ArrayList<>();
        for (int i = from; i < driven.events.size(); i++) {
            if (driven.events.get(i).event() instanceof IceEvent.CandidateGathered g) {
                ours.add(g.candidate());
            }
        }
        String[] creds = driven.read(a -> new String[] {a.localUfrag(), a.localPwd()});
        if (trickle) {
            for (Candidate c : ours) {
                ourTrickle.add(IceSdp.formatCandidate(c, ownNames).substring(2));
            }
            ourTrickle.add("end");
            lastDescription = WebRtcSdp.description(offer, mid, creds[0], creds[1], List.of(), false);
        } else {
            lastDescription = WebRtcSdp.description(offer, mid, creds[0], creds[1], ours, true, ownNames);
        }
        return lastDescription;
    }

    Candidate[] selectedPair() {
        return driven.read(a -> a.selectedPair(1, 1));
    }

    @Override
    public void close() {
        driven.close();
    }
}
