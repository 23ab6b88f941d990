package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.stun.ConnectionEvent;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StreamFramer;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ICE with relayed candidates obtained over TCP and TLS on real sockets (RFC 8656 §3.1): two icelab agents with
 * a relay-only policy, each reaching the TURN server over its own connection, meet on their relayed addresses and
 * exchange data, through coturn (TCP and TLS) and through icelab's own server (TLS).
 */
class IceRelayOverTcpTest {
    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Both agents driven by one runtime (a base each); their events tagged with who had them. */
    static final class TwoAgents implements SansIo<TwoAgents.Tagged> {
        record Tagged(int who, IceEvent event) {
        }

        final IceAgent[] agents;
        final InetSocketAddress[] bases;
        private final java.util.ArrayDeque<Tagged> events = new java.util.ArrayDeque<>();

        TwoAgents(IceAgent a, IceAgent b, InetSocketAddress baseA, InetSocketAddress baseB) {
            agents = new IceAgent[] {a, b};
            bases = new InetSocketAddress[] {baseA, baseB};
        }

        /** Whose address: by port when both bases share an IP, else by IP (data connections get any port). */
        private int owner(InetSocketAddress local) {
            boolean sameIp = bases[0].getAddress().equals(bases[1].getAddress());
            return local.getAddress().equals(bases[0].getAddress()) && (!sameIp || local.getPort() == bases[0].getPort())
                    ? 0 : 1;
        }

        @Override
        public void handleDatagram(long now, Datagram d) {
            agents[owner(d.local())].handleDatagram(now, d);
            collect();
        }

        @Override
        public void handleConnection(long now, ConnectionEvent e) {
            agents[owner(e.local())].handleConnection(now, e);
            collect();
        }

        @Override
        public Datagram pollTransmit(long now) {
            Datagram d = agents[0].pollTransmit(now);
            return d != null ? d : agents[1].pollTransmit(now);
        }

        @Override
        public long pollTimeout() {
            return Math.min(agents[0].pollTimeout(), agents[1].pollTimeout());
        }

        @Override
        public void handleTimeout(long now) {
            agents[0].handleTimeout(now);
            agents[1].handleTimeout(now);
            collect();
        }

        private void collect() {
            for (int i = 0; i < 2; i++) {
                for (IceEvent e; (e = agents[i].pollEvent()) != null; ) {
                    events.add(new Tagged(i, e));
                }
            }
        }

        @Override
        public Tagged pollEvent() {
            collect();
            return events.poll();
        }
    }

    /** Runs two relay-only agents reaching {@code server} over {@code transport}; checks they meet and talk. */
    static void meetThroughTheRelay(InetSocketAddress server, IceConfig.TurnTransport transport, SSLContext tls)
            throws Exception {
        meetThroughTheRelay(new IceConfig.TurnServer(server, "u", "p", transport), tls);
    }

    /**
     * The same with {@code turn}'s allocation: with a TCP one (RFC 6062) the agents gather TCP candidates only, and
     * their relayed TCP candidates meet, active to passive, on a connection the server opens from one allocation to
     * the other; each agent has its own loopback IP, its data connections to the server any port of it.
     */
    static void meetThroughTheRelay(IceConfig.TurnServer turn, SSLContext tls) throws Exception {
        boolean tcp = turn.allocation() == IceConfig.Allocation.TCP;
        InetSocketAddress server = turn.address();
        String transport = tcp ? "a TCP allocation" : turn.transport().toString();
        try (SocketRuntime rt = SocketRuntime.open(List.of(Loopback.v4(0),
                tcp ? new InetSocketAddress(io.icelab.stun.IpLiteral.parse("127.0.0.2"), 0) : Loopback.v4(0)))) {
            rt.openTcpOnSend(server, StreamFramer.Framing.STUN, tls);
            List<InetSocketAddress> bases = rt.localAddresses();
            IceAgent[] agents = new IceAgent[2];
            for (int i = 0; i < 2; i++) {
                IceConfig c = IceConfig.defaults(i == 0 ? Role.CONTROLLING : Role.CONTROLLED).withLoopback(true)
                        .withTurnServers(List.of(turn)).withRelayOnly();
                agents[i] = tcp ? new IceAgent(c.withTcpCandidatesOnly(), new SplittableRandom(11 + i),
                        RuntimeTcpConnector.dataConnections(rt)) : new IceAgent(c, new SplittableRandom(11 + i));
                agents[i].addStream(List.of(List.of(bases.get(i))));
            }
            TwoAgents two = new TwoAgents(agents[0], agents[1], bases.get(0), bases.get(1));
            List<TwoAgents.Tagged> seen = new ArrayList<>();
            long now = rt.nowNanos();
            agents[0].gather(now);
            agents[1].gather(now);
            rt.drive(two, seen::add, () -> seen.stream().filter(t -> t.event() instanceof IceEvent.GatheringComplete)
                    .count() == 2, 15 * S);
            for (int i = 0; i < 2; i++) {
                int other = 1 - i;
                IceAgent me = agents[i];
                me.setRemoteCredentials(1, agents[other].localUfrag(), agents[other].localPwd());
                for (TwoAgents.Tagged t : seen) {
                    if (t.who() == other && t.event() instanceof IceEvent.CandidateGathered g) {
                        Candidate c = g.candidate();
                        assertThat(c.type()).isEqualTo(CandidateType.RELAYED);
                        me.addRemoteCandidate(rt.nowNanos(), 1, new Candidate(c.foundation(), c.component(),
                                c.transport(), c.priority(), c.address(), c.type(), c.address(), c.related(), c.tcpType()));
                    }
                }
                me.endOfRemoteCandidates(rt.nowNanos(), 1);
            }
            rt.drive(two, seen::add, () -> agents[0].selectedPair(1, 1) != null && agents[1].selectedPair(1, 1) != null,
                    15 * S);
            assertThat(agents[0].selectedPair(1, 1)).as(seen.toString()).isNotNull();
            assertThat(agents[0].selectedPair(1, 1)[0].type()).isEqualTo(CandidateType.RELAYED);
            assertThat(agents[0].selectedPair(1, 1)[0].transport()).isEqualTo(tcp ? io.icelab.stun.Transport.TCP
                    : io.icelab.stun.Transport.UDP);
            agents[0].send(1, 1, ("over " + transport + " to the relay").getBytes());
            rt.drive(two, seen::add, () -> seen.stream().anyMatch(t -> t.who() == 1
                    && t.event() instanceof IceEvent.DataReceived), 5 * S);
            assertThat(seen).anyMatch(t -> t.who() == 1 && t.event() instanceof IceEvent.DataReceived d
                    && d.data().utf8().equals("over " + transport + " to the relay"));
            // a control connection each; with TCP allocations a data connection each for the one peer connection
            assertThat(rt.tcpConnections()).as("connections to the server").isEqualTo(tcp ? 4 : 2);
        }
    }

    /** RFC 6544 §5.2 with RFC 6062 on real sockets: relayed TCP candidates through icelab's server. */
    @Test
    void relayedTcpCandidates_throughIcelabsServer() throws Exception {
        try (ServerThread<TurnServerEvent> server = TurnCoturnInteropTest.ourServer(Loopback.freePortRange(100), 9,
                c -> c)) {
            meetThroughTheRelay(new IceConfig.TurnServer(server.addresses().get(0), "u", "p").withTcpAllocation(), null);
        }
    }

    /** The same through coturn's RFC 6062 support: its Connect, ConnectionAttempt and ConnectionBind. */
    @Test
    void relayedTcpCandidates_throughCoturn() throws Exception {
        int port = Loopback.freePortRange(1);
        try (ExternalTool coturn = TurnCoturnInteropTest.coturn("127.0.0.1", port, Loopback.freePortRange(60))) {
            meetThroughTheRelay(new IceConfig.TurnServer(Loopback.v4(port), "u", "p").withTcpAllocation(), null);
        }
    }

    @Test
    void throughCoturn_overTcp() throws Exception {
        int port = Loopback.freePortRange(1);
        try (ExternalTool coturn = TurnCoturnInteropTest.coturn("127.0.0.1", port, Loopback.freePortRange(60))) {
            meetThroughTheRelay(Loopback.v4(port), IceConfig.TurnTransport.TCP, null);
        }
    }

    @Test
    void throughCoturn_overTls() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        int port = Loopback.freePortRange(2);
        try (ExternalTool coturn = TurnCoturnInteropTest.coturnTls(port, Loopback.freePortRange(60), certs)) {
            meetThroughTheRelay(Loopback.v4(port + 1), IceConfig.TurnTransport.TLS, TlsFiles.client(certs.cert()));
        }
    }

    @Test
    void throughIcelabsServer_overTls() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        AtomicReference<InetSocketAddress> tls = new AtomicReference<>();
        int relayBase = Loopback.freePortRange(50);
        try (ServerThread<TurnServerEvent> server = new ServerThread<>(List.of(Loopback.v4(0)), rt -> {
            InetSocketAddress udp = rt.localAddresses().get(0);
            try {
                tls.set(rt.listenTls(Loopback.v4(0), TlsFiles.server(certs.cert(), certs.key())));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new TurnServer(TurnServer.Config.of(List.of(udp, tls.get()), "r", StaticUsers.of("u", "p"))
                    .withPeers(PeerPolicy.loopbackAllowed(List.of(udp.getAddress()))),
                    new RuntimeRelayAllocator(rt, udp.getAddress(), relayBase, relayBase + 49), new SplittableRandom(3));
        }, true)) {
            meetThroughTheRelay(tls.get(), IceConfig.TurnTransport.TLS, TlsFiles.client(certs.cert()));
        }
    }
}
