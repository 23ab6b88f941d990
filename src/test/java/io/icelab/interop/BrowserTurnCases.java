package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.Loopback;
import io.icelab.net.RuntimeRelayAllocator;
import io.icelab.stun.StaticUsers;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import io.qameta.allure.Allure;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real browser's TURN client against icelab's TURN server: two RTCPeerConnections in one page with
 * iceTransportPolicy "relay" and icelab's server (on 127.0.0.1) as their only ICE server connect
 * through it, open a data channel (DTLS and SCTP relayed) and pass a message. For each browser
 * ({@link ChromiumTurnTest}, {@link FirefoxTurnTest}).
 */
@Tag("interop")
abstract class BrowserTurnCases {
    /** The browser under test. */
    abstract BrowserSession.Kind kind();

    private String browserName() {
        return kind() == BrowserSession.Kind.CHROMIUM ? "Chromium" : "Firefox";
    }

    @Test
    void twoPeerConnections_relayOnly_throughIcelabsTurnServer(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Interop.label(browserName() + " ↔ icelab TURN server", "relay-only peer connections through icelab's relay");
        relayPair(kind().id + "-turn-relay", Transport.UDP, null, dir);
    }

    /**
     * RFC 8656 §3.1 turns: the same two relay-only peer connections reach icelab's server over TLS (its
     * certificate made for the test, the browser started to accept it), the relay to each other staying UDP.
     */
    void relayOverTls(Path dir) throws Exception {
        Interop.label(browserName() + " ↔ icelab TURN server", "relay-only peer connections through icelab's relay over TLS");
        relayPair(kind().id + "-turn-tls", Transport.TLS, io.icelab.net.TestCertificates.in(dir), dir);
    }

    /**
     * icelab's TURN server on 127.0.0.1 for user "browser" (password "relay-secret"), relaying to loopback peers from
     * ports {@code relayBase}.. +99; with {@code certs} also over TLS, its address put in {@code tls}.
     */
    static Driven<TurnServer, TurnServerEvent> icelabTurnServer(Path pcap, int relayBase,
            io.icelab.net.TestCertificates certs, java.util.concurrent.atomic.AtomicReference<InetSocketAddress> tls)
            throws Exception {
        return new Driven<>("turn-server", List.of(Loopback.v4(0)), pcap, (rt, now) -> {
            InetSocketAddress listen = rt.localAddresses().get(0);
            if (certs != null) {
                try {
                    tls.set(rt.listenTls(Loopback.v4(0), io.icelab.net.TlsFiles.server(certs.cert(), certs.key())));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            TurnServer.Config config = TurnServer.Config.of(tls.get() == null ? List.of(listen)
                    : List.of(listen, tls.get()), "icelab", StaticUsers.of("browser", "relay-secret"))
                    .withPeers(PeerPolicy.loopbackAllowed(List.of(listen.getAddress())));
            return new TurnServer(config, new RuntimeRelayAllocator(rt, listen.getAddress(), relayBase, relayBase + 99),
                    new SplittableRandom(8));
        });
    }

    /** How the browser reaches the TURN server. */
    enum Transport { UDP, TLS }

    @SuppressWarnings("unchecked")
    private void relayPair(String name, Transport transport, io.icelab.net.TestCertificates certs, Path dir)
            throws Exception {
        Interop.requireLoopbackOnly();
        Path pcap = Interop.captureFile(name);
        java.util.concurrent.atomic.AtomicReference<InetSocketAddress> tls = new java.util.concurrent.atomic.AtomicReference<>();
        int relayBase = Loopback.freePortRange(100);
        Map<String, Object> result;
        List<TurnServerEvent> events;
        InetSocketAddress ours;
        try (PageServer page = new PageServer();
             Driven<TurnServer, TurnServerEvent> server = icelabTurnServer(pcap, relayBase, certs, tls);
             PageBrowser browser = kind().start(name, page, dir, Firefox.HostNames.IN_THE_CLEAR,
                     certs != null ? List.of("--ignore-certificate-errors") : List.of())) {
            ours = server.address();
            Allure.parameter("browser", browser.version());
            Interop.cell(kind().peer, browser.version(), "relay via icelab");
            String url = transport == Transport.TLS ? "turns:localhost:" + tls.get().getPort() + "?transport=tcp"
                    : "turn:127.0.0.1:" + server.address().getPort() + "?transport=udp";
            result = (Map<String, Object>) browser.call("relayPair", url, "browser", "relay-secret");
            Allure.addAttachment("RTCPeerConnection selected candidate pairs", "application/json", result.toString());
            events = server.events.stream().map(Driven.Timed::event).toList();
        }
        List<String[]> ice = ((List<List<String>>) result.get("ice")).stream().map(l -> l.toArray(new String[0]))
                .toList();
        CaptureCheck.sidecar(pcap, kind().description + "'s two relay-only peer connections and icelab's TURN server "
                + "on loopback" + (transport == Transport.TLS ? " over TLS (decrypted)" : "") + ", from io.icelab.interop",
                ice, List.<String[]>of(new String[] {"browser", "icelab", "relay-secret"}));
        CaptureCheck.Result r = CaptureCheck.lintsCleanAsRelay(pcap, ours); // the browser's SHOULDs noted

        assertThat(result.get("message")).isEqualTo("through icelab TURN");
        for (String side : List.of("a", "b")) {
            Map<String, Object> pair = (Map<String, Object>) result.get(side);
            assertThat(pair).as(side).containsEntry("localType", "relay").containsEntry("remoteType", "relay");
            int local = Integer.parseInt(((String) pair.get("local")).replaceAll(".*:", ""));
            assertThat(local).as("a relayed address of icelab's server").isBetween(relayBase, relayBase + 99);
        }
        assertThat(events).filteredOn(e -> e instanceof TurnServerEvent.AllocationCreated a
                && a.user().equals("browser")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events).anyMatch(e -> e instanceof TurnServerEvent.PermissionInstalled);
        // The browser asks without credentials first and is told 401 (RFC 8656 §7.2), then authenticates.
        assertThat(events).anyMatch(e -> e instanceof TurnServerEvent.Refused f && f.code() == 401);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "CreatePermission Success");
        assertThat(r.integrityChecked()).isGreaterThan(4);
        if (transport == Transport.TLS) {
            assertThat(events).as("allocations over the TLS listener").anyMatch(e -> e instanceof TurnServerEvent.AllocationCreated a
                    && a.user().equals("browser"));
            assertThat(r.analysis().messages()).as("the TURN messages came over TCP (TLS, decrypted)")
                    .anyMatch(m -> m.transport().equals("tcp"));
        }
    }
}
