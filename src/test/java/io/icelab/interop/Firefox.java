package io.icelab.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Firefox ESR without a driver: Debian packages no geckodriver, and none is needed. Firefox opens the
 * interop page with {@code ?control}, and the page takes the test's calls from the {@link PageServer} and posts
 * their outcomes back (the same functions Chromium's WebDriver calls). A fresh profile per case holds the prefs
 * that allow WebRTC on loopback with fake media and, unless a case wants the browser's default, host addresses
 * in the clear instead of mDNS names. Started as a container of {@code icelab/firefox} or the local
 * {@code firefox-esr}; closing ends it.
 */
final class Firefox implements PageBrowser {
    /** How long one call may take: the page's own waits are shorter (the longest, consent, 40 s). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether Firefox hides its host addresses behind random {@code .local} names (its default). */
    enum HostNames {
        /** Host candidates carry IP addresses ({@code media.peerconnection.ice.obfuscate_host_addresses} false). */
        IN_THE_CLEAR,
        /** Firefox's default: host candidates carry mDNS names (draft-ietf-mmusic-mdns-ice-candidates). */
        MDNS
    }

    private final Service process;
    private final PageServer page;
    private final AtomicLong ids = new AtomicLong();
    private String version;
    private boolean quit;

    private Firefox(Service process, PageServer page) {
        this.process = process;
        this.page = page;
    }

    /** Starts Firefox on {@code page}'s interop page; its profile goes under {@code dir}. */
    static Firefox start(String name, PageServer page, Path dir, HostNames hostNames) throws Exception {
        Path profile = dir.resolve("firefox-profile-" + name);
        Files.createDirectories(profile);
        Path prefs = profile.resolve("user.js");
        Files.writeString(prefs, String.join("\n",
                pref("media.peerconnection.ice.loopback", "true"),
                pref("media.peerconnection.ice.obfuscate_host_addresses", hostNames == HostNames.MDNS ? "true" : "false"),
                pref("media.navigator.streams.fake", "true"),
                pref("media.navigator.permission.disabled", "true"),
                pref("browser.shell.checkDefaultBrowser", "false"),
                pref("browser.startup.homepage_override.mstone", "\"ignore\""),
                pref("datareporting.policy.dataSubmissionEnabled", "false"),
                pref("toolkit.telemetry.reportingpolicy.firstRun", "false"),
                pref("app.update.auto", "false"),
                pref("network.captive-portal-service.enabled", "false"),
                pref("network.connectivity-service.enabled", "false"),
                pref("extensions.update.enabled", "false")) + "\n");
        // Firefox says it runs headless once it has started; the page's first poll shows it loaded
        Service s = Service.start(name + "-firefox", "firefox", "firefox-esr",
                List.of("--headless", "--no-remote", "--profile", profile.toString(), page.url() + "?control"),
                "headless mode", Duration.ofSeconds(60), List.of(prefs));
        return new Firefox(s, page);
    }

    private static String pref(String name, String value) {
        return "user_pref(\"" + name + "\", " + value + ");";
    }

    @Override
    public Object call(String fn, Object... args) {
        long id = ids.incrementAndGet();
        String reply;
        try {
            String json = JSON.writeValueAsString(Map.of("id", id, "fn", fn, "args", List.of(args)));
            reply = page.command(id, json).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(fn + ": no answer from the Firefox page in " + CALL_TIMEOUT + "; its log:\n"
                    + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(fn + " interrupted", e);
        } catch (ExecutionException | IOException e) {
            throw new AssertionError(fn + " failed: " + e, e);
        }
        Map<?, ?> m;
        try {
            m = JSON.readValue(reply, Map.class);
        } catch (IOException e) {
            throw new AssertionError(fn + " answered what is not JSON: " + reply, e);
        }
        if (m.containsKey("error")) {
            throw new AssertionError(fn + " failed in the browser: " + m.get("error"));
        }
        return m.get("ok");
    }

    private String tail() {
        try {
            String out = process.output();
            return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String version() {
        if (version == null) {
            String agent = String.valueOf(call("version"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Firefox/(\\S+)").matcher(agent);
            version = "Firefox " + (m.find() ? m.group(1) : agent);
        }
        return version;
    }

    @Override
    public boolean quitting() {
        return quit;
    }

    @Override
    public void quit() throws Exception {
        if (!quit) {
            quit = true;
            process.close();
        }
    }
}
