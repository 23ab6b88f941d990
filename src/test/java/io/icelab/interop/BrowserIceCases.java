package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.replay.CapturedMessage;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TransportAddresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * WebRTC in a real browser against icelab's ICE agent, the same cases for each browser: the browser's
 * RTCPeerConnection does ICE with icelab's agent on the real-socket runtime, over loopback in a namespace with
 * only lo. The browser side must reach iceConnectionState "connected" by ICE alone (DTLS never completes: icelab
 * answers with a fingerprint of no certificate). Every case's capture lints clean.
 */
@Tag("interop")
abstract class BrowserIceCases {
    static final List<String> CONNECTED = List.of("connected", "completed");

    /** The browser under test. */
    abstract BrowserSession.Kind kind();

    /** The report's feature: "BROWSER ↔ icelab ICE agent". */
    private String feature() {
        return (kind() == BrowserSession.Kind.CHROMIUM ? "Chromium" : "Firefox") + " ↔ icelab ICE agent";
    }

    private BrowserSession open(String name, Role icelab, String matrixCase) throws Exception {
        return BrowserSession.open(kind(), name, icelab, matrixCase);
    }

    private static String address(InetSocketAddress a) {
        return TransportAddresses.format(a);
    }

    /** The Binding requests in the capture sent to (or from) icelab's agent that match. */
    private static List<StunMessage> bindingRequests(CaptureCheck.Result r, InetSocketAddress ours, boolean toUs,
            Predicate<StunMessage> test) {
        return r.analysis().messages().stream()
                .filter(m -> (toUs ? m.destination() : m.source()).equals(ours))
                .filter(m -> m.content() instanceof CapturedMessage.Stun)
                .map(m -> ((CapturedMessage.Stun) m.content()).message())
                .filter(s -> s.method().equals(Method.BINDING) && s.messageClass() == MessageClass.REQUEST)
                .filter(test).toList();
    }

    private static String username(StunMessage m) {
        CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
        return u == null ? "" : u.value().utf8();
    }

    @Test
    void browserControlling_icelabControlled() throws Exception {
        Interop.label(feature(), "icelab controlled: the browser offers");
        CaptureCheck.Result r;
        InetSocketAddress ours;
        Candidate[] selected;
        Map<String, Object> stats;
        try (BrowserSession s = open("controlled", Role.CONTROLLED, "controlled")) {
            ours = s.peer.driven.address();
            s.browser.call("offer", false);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            selected = s.peer.selectedPair();
            stats = s.selectedPair();
            r = s.finish();
        }
        assertThat(stats).containsEntry("remote", address(ours)).containsEntry("localType", "host")
                .containsEntry("remoteType", "host").containsEntry("nominated", true);
        assertThat(address(selected[1].address())).isEqualTo(stats.get("local"));
        // The browser controls: its checks say ICE-CONTROLLING and it nominates with USE-CANDIDATE.
        assertThat(bindingRequests(r, ours, true, m -> m.has(IceAttribute.IceControlling.class)
                && m.has(IceAttribute.UseCandidate.class))).isNotEmpty();
        assertThat(bindingRequests(r, ours, false, m -> m.has(IceAttribute.IceControlling.class))).isEmpty();
        assertThat(r.integrityChecked()).isGreaterThan(2);
    }

    @Test
    void icelabControlling_browserControlled() throws Exception {
        Interop.label(feature(), "icelab controlling: icelab offers");
        CaptureCheck.Result r;
        InetSocketAddress ours;
        Map<String, Object> stats;
        Candidate[] selected;
        try (BrowserSession s = open("controlling", Role.CONTROLLING, "controlling")) {
            ours = s.peer.driven.address();
            s.browser.call("answer", false);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            selected = s.peer.selectedPair();
            stats = s.selectedPair();
            r = s.finish();
        }
        assertThat(stats).containsEntry("remote", address(ours)).containsEntry("nominated", true);
        assertThat(address(selected[1].address())).isEqualTo(stats.get("local"));
        // We control and nominate (RFC 8445 §8.1.1); the browser's checks say ICE-CONTROLLED.
        assertThat(bindingRequests(r, ours, false, m -> m.has(IceAttribute.IceControlling.class)
                && m.has(IceAttribute.UseCandidate.class))).isNotEmpty();
        assertThat(bindingRequests(r, ours, true, m -> m.has(IceAttribute.IceControlled.class))).isNotEmpty();
        assertThat(bindingRequests(r, ours, true, m -> m.has(IceAttribute.UseCandidate.class))).isEmpty();
    }

    /**
     * RFC 6544: icelab gathers TCP candidates only (no UDP one to pair with), so the only pairs are the browser's
     * active TCP candidate with icelab's passive one: the browser connects to icelab's listening port and ICE runs
     * over the RFC 4571 framed connection.
     */
    @Test
    void overTcp_browserActive_icelabPassive() throws Exception {
        Interop.label(feature(), "ICE-TCP: the browser's active candidate to icelab's passive one");
        CaptureCheck.Result r;
        InetSocketAddress ours;
        Candidate[] selected;
        Map<String, Object> stats;
        try (BrowserSession s = BrowserSession.open(kind(), "tcp", Role.CONTROLLED,
                BrowserSession.Options.of("TCP").withTcp(io.icelab.ice.IceConfig.TcpCandidates.ONLY))) {
            ours = s.peer.driven.address();
            s.browser.call("offer", false);
            assertThat(s.browser.call("waitFor", CONNECTED, 20_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            selected = s.peer.selectedPair();
            stats = s.selectedPair();
            r = s.finish();
        }
        assertThat(stats).containsEntry("localProtocol", "tcp").containsEntry("localTcpType", "active")
                .containsEntry("remote", address(ours)).containsEntry("nominated", true);
        assertThat(selected[0].transport()).isEqualTo(io.icelab.stun.Transport.TCP);
        assertThat(selected[0].tcpType()).isEqualTo("passive");
        assertThat(selected[1].tcpType()).isEqualTo("active");
        assertThat(r.integrityChecked()).as("checks over TCP, their integrity verified in the capture").isGreaterThan(2);
    }

    /**
     * The browser's default host candidates: random mDNS {@code .local} names, which icelab cannot resolve and ignores
     * (draft-ietf-mmusic-mdns-ice-candidates §3.2.2, RFC 8839). The browser offers and controls; its checks reach
     * icelab, which learns the browser's address as a peer-reflexive candidate (RFC 8445 §7.3.1.3), checks back and
     * is nominated on that pair.
     */
    @Test
    void mdnsHostNames_browserOffers_icelabConnectsThroughPeerReflexive() throws Exception {
        Interop.label(feature(), "mDNS host names (browser defaults): the browser offers");
        mdns("mdns-controlled", Role.CONTROLLED, "offer");
    }

    /**
     * The same with icelab offering and controlling: the browser's answer names only {@code .local} hosts, so icelab
     * has no remote candidate to check until the browser's checks arrive; it nominates the peer-reflexive pair.
     */
    @Test
    void mdnsHostNames_icelabOffers_icelabConnectsThroughPeerReflexive() throws Exception {
        Interop.label(feature(), "mDNS host names (browser defaults): icelab offers");
        mdns("mdns-controlling", Role.CONTROLLING, "answer");
    }

    /**
     * icelab's own host address behind a random mDNS name (draft-ietf-mmusic-mdns-ice-candidates §3.1), answered by
     * icelab's responder on 224.0.0.251:5353 with multicast on the namespace's {@code lo}: icelab offers only the
     * name. The browser connects either way the draft allows: having resolved the name through icelab's responder
     * (its remote candidate a host one), or through the peer-reflexive candidate icelab's checks make.
     */
    @Test
    void icelabsOwnHostNameBehindMdns_browserConnects() throws Exception {
        Interop.label(feature(), "icelab's host address behind an mDNS name");
        io.icelab.net.mdns.MdnsResponder responder = new io.icelab.net.mdns.MdnsResponder(
                new java.net.InetSocketAddress(5353));
        String offer;
        Map<String, Object> stats;
        String name;
        try (LoopbackMulticast multicast = LoopbackMulticast.enable();
             io.icelab.net.mdns.MdnsResponderSocket socket = io.icelab.net.mdns.MdnsResponderSocket.start(
                     new java.net.InetSocketAddress(5353), multicast.loopback(), responder);
             BrowserSession s = BrowserSession.open(kind(), "mdns-own", Role.CONTROLLING,
                     BrowserSession.Options.of("mDNS"))) {
            name = socket.name(new java.util.SplittableRandom(31), s.ours.getAddress());
            s.peer.ownNames = a -> a.equals(s.ours.getAddress()) ? name : null;
            s.browser.call("answer", false);
            offer = s.peer.lastDescription;
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            stats = s.selectedPair();
            s.finish();
        }
        List<String> ours = WebRtcSdp.lines(offer).stream().filter(l -> l.startsWith("a=candidate:")).toList();
        Allure.addAttachment("icelab's offered candidates", "text/plain", String.join("\n", ours));
        assertThat(ours).isNotEmpty().allMatch(l -> l.split(" ")[4].equals(name), "name icelab's host by its .local name");
        assertThat(WebRtcSdp.lines(offer)).filteredOn(l -> l.startsWith("c=") || l.startsWith("a=candidate:"))
                .as("no line of the offer that names an address gives icelab's away").noneMatch(l -> l.contains("127.0.0.1"));
        Allure.parameter("the browser's remote candidate", stats.get("remoteType") + ", after " + responder.answered()
                + " mDNS answers from icelab");
        assertThat(stats.get("remoteType")).isIn("host", "prflx");
        if ("host".equals(stats.get("remoteType"))) {
            assertThat(responder.answered()).as("the browser resolved icelab's name through its responder").isPositive();
        }
    }

    private void mdns(String name, Role icelab, String browserCall) throws Exception {
        String sdp;
        Candidate[] selected;
        CaptureCheck.Result r;
        try (BrowserSession s = BrowserSession.open(kind(), name, icelab, BrowserSession.Options.of("mDNS")
                .withMdnsHostNames())) {
            sdp = (String) s.browser.call(browserCall, false);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            selected = s.peer.selectedPair();
            s.selectedPair();
            r = s.finish();
        }
        List<String> hosts = WebRtcSdp.lines(sdp).stream().filter(l -> l.startsWith("a=candidate:")
                && l.contains(" typ host")).toList();
        Allure.addAttachment("the browser's host candidates", "text/plain", String.join("\n", hosts));
        assertThat(hosts).as("the browser's host candidates")
                .allMatch(l -> l.split(" ")[4].endsWith(".local"), "name an mDNS .local host, no IP address");
        Allure.parameter("the browser's host candidates", hosts.size() + " (.local names)");
        assertThat(selected[1].type()).as("icelab's remote candidate of the selected pair")
                .isEqualTo(io.icelab.ice.CandidateType.PEER_REFLEXIVE);
        assertThat(r.integrityChecked()).isGreaterThan(2);
    }

    /** RFC 8838: neither description carries a candidate; both sides' candidates arrive by trickle. */
    @Test
    @SuppressWarnings("unchecked")
    void trickleBothWays() throws Exception {
        Interop.label(feature(), "trickle ICE both ways");
        Map<String, Object> stats;
        String offer;
        List<String> fromBrowser;
        List<String> toBrowser;
        InetSocketAddress ours;
        try (BrowserSession s = open("trickle", Role.CONTROLLED, "trickle")) {
            ours = s.peer.driven.address();
            offer = (String) s.browser.call("offer", true);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            stats = s.selectedPair();
            // the browser may connect before it has trickled all its candidates: its end-of-candidates comes last
            long end = System.nanoTime() + 10_000_000_000L;
            while (!s.peer.browserTrickle.contains("end") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            fromBrowser = List.copyOf(s.peer.browserTrickle);
            toBrowser = (List<String>) s.browser.call("trickled", 10_000);
            assertThat(WebRtcSdp.candidateCount(s.peer.lastDescription)).as("icelab's answer").isZero();
            s.finish();
        }
        assertThat(WebRtcSdp.candidateCount(offer)).as("the browser's offer").isZero();
        assertThat(fromBrowser).as("the browser's trickled candidates, then its end-of-candidates")
                .anyMatch(l -> l.startsWith("candidate:") && l.contains(" 127.0.0.1 ")).last().isEqualTo("end");
        assertThat(toBrowser).as("icelab's trickled candidates as the page added them, then end-of-candidates")
                .anyMatch(l -> l.startsWith("candidate:") && l.contains(" 127.0.0.1 " + ours.getPort() + " typ host"))
                .last().isEqualTo("end");
        // The browser may have learnt our address from our first check (peer-reflexive, address hidden in its
        // stats) before our trickled candidate arrived; either way the pair ends at our socket.
        assertThat((String) stats.get("remote")).endsWith(":" + ours.getPort());
    }

    /** RFC 8445 §9: the browser restarts ICE; icelab takes new credentials and both pass checks with them. */
    @Test
    void iceRestartFromTheBrowser() throws Exception {
        Interop.label(feature(), "ICE restart from the browser");
        String before;
        String after;
        String[] oursBefore;
        String[] oursAfter;
        CaptureCheck.Result r;
        InetSocketAddress ours;
        try (BrowserSession s = open("restart", Role.CONTROLLED, "restart")) {
            ours = s.peer.driven.address();
            before = ufrag((String) s.browser.call("offer", false));
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            oursBefore = s.peer.credentials.get(0);
            int mark = s.peer.driven.events.size();
            after = ufrag((String) s.browser.call("restart"));
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, mark, Duration.ofSeconds(15));
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            oursAfter = s.peer.driven.read(a -> new String[] {a.localUfrag(), a.localPwd()});
            r = s.finish();
        }
        assertThat(after).as("the browser's new ufrag").isNotEqualTo(before);
        assertThat(oursAfter[0]).as("icelab's new ufrag").isNotEqualTo(oursBefore[0]);
        String newName = oursAfter[0] + ":" + after;
        // Checks with the new credentials reached us, and ours with them were answered (the lint verified
        // every MESSAGE-INTEGRITY, so these were keyed with the new passwords).
        assertThat(bindingRequests(r, ours, true, m -> username(m).equals(newName))).isNotEmpty();
        assertThat(bindingRequests(r, ours, false, m -> username(m).equals(after + ":" + oursAfter[0]))).isNotEmpty();
        assertThat(r.analysis().messages()).anyMatch(m -> m.destination().equals(ours)
                && m.content() instanceof CapturedMessage.Stun st && st.message().messageClass() == MessageClass.SUCCESS_RESPONSE
                && bindingRequests(r, ours, false, q -> q.transactionId().equals(st.message().transactionId())
                        && username(q).startsWith(after + ":")).size() == 1);
    }

    private static String ufrag(String sdp) {
        return WebRtcSdp.lines(sdp).stream().filter(l -> l.startsWith("a=ice-ufrag:")).map(l -> l.substring(12))
                .findFirst().orElseThrow();
    }

    /** icelab's agent goes silent: the browser's consent/keepalive checks fail and it leaves "connected". */
    @Test
    void consent_icelabStops_browserDisconnects() throws Exception {
        Interop.label(feature(), "consent: icelab stops, the browser disconnects");
        try (BrowserSession s = open("consent-icelab-stops", Role.CONTROLLED, "consent out")) {
            s.browser.call("offer", false);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.stop();
            long t0 = System.nanoTime();
            Object state = s.browser.call("waitFor", List.of("disconnected", "failed"), 40_000);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            io.qameta.allure.Allure.parameter("seconds until " + state, seconds);
            assertThat(state).isIn("disconnected", "failed");
            s.finish();
        }
    }

    /** RFC 7675 §5.1: the browser closes; icelab loses consent within 30 s and stops sending to it. */
    @Test
    void consent_browserCloses_icelabLosesConsentWithin30s() throws Exception {
        Interop.label(feature(), "consent: the browser closes, icelab loses consent");
        long closedAt;
        long lostAt;
        CaptureCheck.Result r;
        InetSocketAddress ours;
        try (BrowserSession s = open("consent-browser-closes", Role.CONTROLLED, "consent in")) {
            ours = s.peer.driven.address();
            s.browser.call("offer", false);
            assertThat(s.browser.call("waitFor", CONNECTED, 15_000)).isIn(CONNECTED);
            s.peer.driven.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(10));
            // connected for 12 s first: the capture shows the browser's consent checks (RFC 7675 §5.1, every 4-6 s)
            Thread.sleep(12_000);
            s.browser.call("close");
            closedAt = s.peer.driven.runtime.nowNanos();
            s.browser.quit();
            s.peer.driven.await(IceEvent.ConsentLost.class, e -> true, 0, Duration.ofSeconds(40));
            lostAt = s.peer.driven.timeOf(e -> e instanceof IceEvent.ConsentLost);
            r = s.finish();
        }
        double seconds = (lostAt - closedAt) / 1e9;
        io.qameta.allure.Allure.parameter("seconds until consent lost", String.format("%.1f", seconds));
        assertThat(seconds).as("consent lost after the browser closed").isBetween(20.0, 30.5);
        assertThat(r.analysis().messages()).as("nothing sent to the browser after consent was lost (RFC 7675 §5.1)")
                .noneMatch(m -> m.source().equals(ours) && m.timeNanos() - io.icelab.sim.SimTime.CAPTURE_EPOCH_SECONDS * 1_000_000_000L
                        > lostAt + 1_000_000L);
    }
}
