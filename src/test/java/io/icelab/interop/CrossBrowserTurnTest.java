package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.Loopback;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import io.qameta.allure.Allure;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chromium and Firefox through icelab's TURN server: each browser holds one relay-only RTCPeerConnection, the test
 * carries their descriptions, and libwebrtc's and nICEr's TURN clients meet on icelab's relayed addresses — ICE,
 * DTLS and SCTP between two browsers crossing icelab's relay, a data channel message each way.
 */
@Tag("interop")
class CrossBrowserTurnTest {
    @Test
    void chromiumOffers_firefoxAnswers_relayOnly_throughIcelabsTurnServer(@TempDir Path dir) throws Exception {
        meet(BrowserSession.Kind.CHROMIUM, BrowserSession.Kind.FIREFOX, dir);
    }

    @Test
    void firefoxOffers_chromiumAnswers_relayOnly_throughIcelabsTurnServer(@TempDir Path dir) throws Exception {
        meet(BrowserSession.Kind.FIREFOX, BrowserSession.Kind.CHROMIUM, dir);
    }

    @SuppressWarnings("unchecked")
    private static void meet(BrowserSession.Kind offerer, BrowserSession.Kind answerer, Path dir) throws Exception {
        Interop.label("Chromium ↔ Firefox through icelab's TURN server", offerer.id + " offers, " + answerer.id
                + " answers, relay-only");
        Interop.requireLoopbackOnly();
        String name = offerer.id + "-" + answerer.id + "-turn";
        Path pcap = Interop.captureFile(name);
        int relayBase = Loopback.freePortRange(100);
        Map<String, Object> offered;
        Map<String, Object> answered;
        List<TurnServerEvent> events;
        InetSocketAddress ours;
        try (PageServer pageA = new PageServer();
             PageServer pageB = new PageServer();
             Driven<TurnServer, TurnServerEvent> server = BrowserTurnCases.icelabTurnServer(pcap, relayBase, null,
                     new java.util.concurrent.atomic.AtomicReference<>());
             PageBrowser a = offerer.start(name + "-a", pageA, dir, Firefox.HostNames.IN_THE_CLEAR, List.of());
             PageBrowser b = answerer.start(name + "-b", pageB, dir, Firefox.HostNames.IN_THE_CLEAR, List.of())) {
            Allure.parameter("offerer", a.version());
            Allure.parameter("answerer", b.version());
            Interop.cell("Chromium ↔ Firefox", null, "relay via icelab");
            ours = server.address();
            String url = "turn:127.0.0.1:" + server.address().getPort() + "?transport=udp";
            String offer = (String) a.call("crossOffer", url, "browser", "relay-secret");
            String answer = (String) b.call("crossAnswer", url, "browser", "relay-secret", offer);
            a.call("crossAccept", answer);
            offered = (Map<String, Object>) a.call("crossReceived", 20_000);
            answered = (Map<String, Object>) b.call("crossReceived", 20_000);
            Allure.addAttachment("selected candidate pairs (offerer, answerer)", "application/json",
                    offered.get("selected") + "\n" + answered.get("selected"));
            events = server.events.stream().map(Driven.Timed::event).toList();
        }
        List<String[]> ice = List.of(((List<String>) offered.get("ice")).toArray(new String[0]),
                ((List<String>) answered.get("ice")).toArray(new String[0]));
        CaptureCheck.sidecar(pcap, offerer.description + " and " + answerer.description + ", one relay-only peer "
                + "connection each, through icelab's TURN server on loopback, from io.icelab.interop", ice,
                List.<String[]>of(new String[] {"browser", "icelab", "relay-secret"}));
        CaptureCheck.Result r = CaptureCheck.lintsCleanAsRelay(pcap, ours); // the browsers' SHOULDs noted

        assertThat(answered.get("message")).isEqualTo("hello from the offerer");
        assertThat(offered.get("message")).isEqualTo("hello from the answerer");
        for (Map<String, Object> side : List.of(offered, answered)) {
            Map<String, Object> pair = (Map<String, Object>) side.get("selected");
            assertThat(pair).containsEntry("localType", "relay").containsEntry("remoteType", "relay");
            int local = Integer.parseInt(((String) pair.get("local")).replaceAll(".*:", ""));
            assertThat(local).as("a relayed address of icelab's server").isBetween(relayBase, relayBase + 99);
        }
        assertThat(events).filteredOn(e -> e instanceof TurnServerEvent.AllocationCreated).hasSizeGreaterThanOrEqualTo(2);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "CreatePermission Success");
    }
}
