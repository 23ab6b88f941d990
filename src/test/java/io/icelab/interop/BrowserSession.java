package io.icelab.interop;

import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One browser case: the page server, a headless browser on the interop page, and icelab's agent as its peer,
 * writing {@code target/interop-captures/BROWSER-NAME.pcap}. Closing stops all three, writes the capture's
 * credentials sidecar and lints the capture.
 */
final class BrowserSession implements AutoCloseable {
    /** Which browser, and how it is started. */
    enum Kind {
        /** Headless Chromium through chromedriver (WebDriver). */
        CHROMIUM("chromium", "Chromium", "headless Chromium"),
        /** Headless Firefox ESR without a driver (the page takes the test's calls itself). */
        FIREFOX("firefox", "Firefox", "headless Firefox ESR");

        final String id;
        /** The interop matrix's row. */
        final String peer;
        final String description;

        Kind(String id, String peer, String description) {
            this.id = id;
            this.peer = peer;
            this.description = description;
        }

        /**
         * Starts this browser on {@code page}: Chromium with {@code chromiumSwitches} besides its usual ones, Firefox
         * with a fresh profile under {@code profiles} and host addresses shown as {@code hostNames} says.
         */
        PageBrowser start(String name, PageServer page, Path profiles, Firefox.HostNames hostNames,
                List<String> chromiumSwitches) throws Exception {
            if (this == CHROMIUM) {
                Browser b = Browser.start(name, chromiumSwitches);
                b.open(page.url());
                return b;
            }
            return Firefox.start(name, page, profiles, hostNames);
        }
    }

    /** What a case asks of the two sides beyond the defaults, and its column in the interop matrix. */
    record Options(IceConfig.TcpCandidates tcp, Firefox.HostNames hostNames, String matrixCase) {
        static Options of(String matrixCase) {
            return new Options(IceConfig.TcpCandidates.NONE, Firefox.HostNames.IN_THE_CLEAR, matrixCase);
        }

        Options withTcp(IceConfig.TcpCandidates t) {
            return new Options(t, hostNames, matrixCase);
        }

        /** The browser's default: host addresses behind random mDNS {@code .local} names. */
        Options withMdnsHostNames() {
            return new Options(tcp, Firefox.HostNames.MDNS, matrixCase);
        }
    }

    final Kind kind;
    final PageServer page;
    final IcelabPeer peer;
    final PageBrowser browser;
    final Path pcap;
    /** icelab's agent's address (the runtime forgets it once closed). */
    final java.net.InetSocketAddress ours;
    private boolean closed;

    private final PrivateAddress privateAddress;

    private BrowserSession(Kind kind, PageServer page, IcelabPeer peer, PageBrowser browser, Path pcap,
            PrivateAddress privateAddress) {
        this.privateAddress = privateAddress;
        this.kind = kind;
        this.page = page;
        this.peer = peer;
        this.browser = browser;
        this.pcap = pcap;
        this.ours = peer.driven.address();
    }

    static BrowserSession open(Kind kind, String name, Role icelab, String matrixCase) throws Exception {
        return open(kind, name, icelab, Options.of(matrixCase));
    }

    static BrowserSession open(Kind kind, String name, Role icelab, Options options) throws Exception {
        Interop.requireLoopbackOnly();
        String full = kind.id + "-" + name;
        Path pcap = Interop.captureFile(full);
        // Chromium hides only non-loopback host addresses behind mDNS names: its mDNS case runs on a private
        // address of the namespace's own, without loopback candidates
        boolean privateAddress = kind == Kind.CHROMIUM && options.hostNames() == Firefox.HostNames.MDNS;
        PrivateAddress extra = privateAddress ? PrivateAddress.add() : null;
        PageServer page = new PageServer();
        IcelabPeer peer = null;
        try {
            peer = new IcelabPeer(full, icelab, pcap, options.tcp(), privateAddress
                    ? new java.net.InetSocketAddress(PrivateAddress.IP, 0) : io.icelab.net.Loopback.v4(0));
            page.signalling(peer);
            PageBrowser browser = privateAddress ? chromiumWithoutLoopback(full, page)
                    : kind.start(full, page, Path.of("target", "interop-profiles"), options.hostNames(), List.of());
            Allure.parameter("browser", browser.version());
            Interop.cell(kind.peer, browser.version(), options.matrixCase());
            if (options.hostNames() == Firefox.HostNames.MDNS) {
                browser.call("browserDefaults");
                Allure.parameter("host candidates", "the browser's default: mDNS names");
            }
            return new BrowserSession(kind, page, peer, browser, pcap, extra);
        } catch (Exception | AssertionError e) {
            if (peer != null) {
                peer.close();
            }
            page.close();
            if (extra != null) {
                extra.close();
            }
            throw e;
        }
    }

    private static PageBrowser chromiumWithoutLoopback(String name, PageServer page) throws Exception {
        Browser b = Browser.start(name, List.of(), false);
        b.open(page.url());
        return b;
    }

    /** The browser's selected candidate pair (getStats), attached to the report. */
    @SuppressWarnings("unchecked")
    Map<String, Object> selectedPair() {
        Map<String, Object> s = (Map<String, Object>) browser.call("selected");
        Allure.addAttachment("RTCPeerConnection selected candidate pair", "application/json", String.valueOf(s));
        return s;
    }

    /** Ends browser, agent and server; then the capture must lint clean (the browser's SHOULD deviations noted). */
    CaptureCheck.Result finish() throws Exception {
        close();
        List<String[]> ice = new ArrayList<>(peer.credentials);
        CaptureCheck.sidecar(pcap, "icelab's agent and " + kind.description + " on loopback, from "
                + "io.icelab.interop (mvn verify -Pinterop)", ice, List.of());
        CaptureCheck.Result r = CaptureCheck.lintsClean(pcap, ours);
        // the browser's ICE timing as icelab saw it, for the report and the interop matrix
        IceTiming timing = IceTiming.of(r, ours);
        Allure.addAttachment("ICE timing as icelab saw it", "text/plain", kind.peer + ": " + timing.summary());
        Allure.label("interop.timing", timing.summary());
        return r;
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
                if (privateAddress != null) {
                    privateAddress.close();
                }
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
