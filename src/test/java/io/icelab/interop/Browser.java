package io.icelab.interop;

import io.icelab.net.Loopback;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Headless Chromium driven over WebDriver: chromedriver (a container of icelab/chromium or the local
 * binary) on a free loopback port, Chromium started with what it needs to do WebRTC on loopback only:
 * {@code --allow-loopback-in-peer-connection} and fake media devices (the page calls getUserMedia).
 */
final class Browser implements PageBrowser {
    private final Service chromedriver;
    private final RemoteWebDriver driver;
    private boolean quit;

    private Browser(Service chromedriver, RemoteWebDriver driver) {
        this.chromedriver = chromedriver;
        this.driver = driver;
    }

    static Browser start(String name) throws Exception {
        return start(name, List.of());
    }

    /** With {@code extra} command-line switches (e.g. to accept a test's self-signed certificate). */
    static Browser start(String name, List<String> extra) throws Exception {
        return start(name, extra, true);
    }

    /**
     * The same; {@code loopback} false starts Chromium as people have it: no loopback candidates, no media permission
     * granted, so its host addresses are hidden behind mDNS names.
     */
    static Browser start(String name, List<String> extra, boolean loopback) throws Exception {
        int port = Loopback.freePortRange(1);
        // chromedriver listens on 127.0.0.1 only; --allowed-ips would open it on every interface.
        Service service = Service.start(name + "-chromedriver", "chromium", "chromedriver",
                List.of("--port=" + port, "--log-level=INFO"), "ChromeDriver was started successfully",
                Duration.ofSeconds(60));
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic");
            if (loopback) {
                // media granted (fake devices): Chromium then shows host addresses, loopback ones included
                options.addArguments("--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream");
            }
            options.addArguments(extra);
            RemoteWebDriver driver = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Browser(service, driver);
        } catch (RuntimeException | java.io.IOException e) {
            service.close();
            throw e;
        }
    }

    void open(String url) {
        driver.get(url);
    }

    @Override
    public String version() {
        Object v = driver.getCapabilities().getBrowserVersion();
        return "Chromium " + v;
    }

    /**
     * Calls the page's async function {@code fn(args…)} and returns what its promise resolved to; a
     * rejection becomes an AssertionError carrying the browser's message.
     */
    @Override
    public Object call(String fn, Object... args) {
        List<Object> all = new ArrayList<>(List.of(args));
        String script = "const done = arguments[arguments.length - 1];"
                + "Promise.resolve().then(() => " + fn + "(...Array.from(arguments).slice(0, -1)))"
                + ".then(v => done({ok: v === undefined ? null : v}), e => done({error: String(e && e.stack || e)}));";
        Object r = ((JavascriptExecutor) driver).executeAsyncScript(script, all.toArray());
        if (!(r instanceof java.util.Map<?, ?> m)) {
            throw new AssertionError(fn + " returned " + r);
        }
        if (m.containsKey("error")) {
            throw new AssertionError(fn + " failed in the browser: " + m.get("error"));
        }
        return m.get("ok");
    }

    @Override
    public boolean quitting() {
        return quit;
    }

    /** Ends the browser (and chromedriver); idempotent. */
    @Override
    public void quit() throws Exception {
        if (!quit) {
            quit = true;
            try {
                driver.quit();
            } finally {
                chromedriver.close();
            }
        }
    }
}
