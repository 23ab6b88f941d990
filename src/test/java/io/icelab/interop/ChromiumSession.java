package io.icelab.interop;

import io.icelab.ice.Role;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One browser case: the page server, headless Chromium on the interop page, and icelab's agent as its
 * peer, writing {@code target/interop-captures/chromium-NAME.pcap}. Closing stops all three, writes the
 * capture's credentials sidecar and lints the capture.
 */
final class ChromiumSession implements AutoCloseable {
    final PageServer page;
    final IcelabPeer peer;
    final Browser browser;
    final Path pcap;
    private boolean closed;

    private ChromiumSession(PageServer page, IcelabPeer peer, Browser browser, Path pcap) {
        this.page = page;
        this.peer = peer;
        this.browser = browser;
        this.pcap = pcap;
    }

    static ChromiumSession open(String name, Role icelab) throws Exception {
        return open(name, icelab, io.icelab.ice.IceConfig.TcpCandidates.NONE);
    }

    static ChromiumSession open(String name, Role icelab, io.icelab.ice.IceConfig.TcpCandidates tcp) throws Exception {
        Interop.requireLoopbackOnly();
        Path pcap = Interop.captureFile("chromium-" + name);
        PageServer page = new PageServer();
        IcelabPeer peer = null;
        try {
            peer = new IcelabPeer("chromium-" + name, icelab, pcap, tcp);
            page.signalling(peer);
            Browser browser = Browser.start("chromium-" + name);
            browser.open(page.url());
            Allure.parameter("browser", browser.version());
            return new ChromiumSession(page, peer, browser, pcap);
        } catch (Exception | AssertionError e) {
            if (peer != null) {
                peer.close();
            }
            page.close();
            throw e;
        }
    }

    /** The browser's selected candidate pair (getStats), attached to the report. */
    @SuppressWarnings("unchecked")
    Map<String, Object> selectedPair() {
        Map<String, Object> s = (Map<String, Object>) browser.call("selected");
        Allure.addAttachment("RTCPeerConnection selected candidate pair", "application/json", String.valueOf(s));
        return s;
    }

    /** Ends browser, agent and server; then the capture must lint clean. */
    CaptureCheck.Result finish() throws Exception {
        close();
        List<String[]> ice = new ArrayList<>(peer.credentials);
        CaptureCheck.sidecar(pcap, "icelab's agent and headless Chromium on loopback, from "
                + "io.icelab.interop (mvn verify -Pinterop)", ice, List.of());
        return CaptureCheck.lintsClean(pcap);
    }

    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Object history = browser.quitting() ? null : safeHistory();
            if (history != null) {
                Allure.addAttachment("iceConnectionState history (ms, state)", "application/json", history.toString());
            }
            browser.quit();
        } finally {
            try {
                peer.close();
            } finally {
                page.close();
            }
        }
        if (!page.errors.isEmpty()) {
            throw new AssertionError("signalling failed: " + page.errors);
        }
    }

    private Object safeHistory() {
        try {
            return browser.call("history");
        } catch (RuntimeException | AssertionError e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
