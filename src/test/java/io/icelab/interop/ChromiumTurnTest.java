package io.icelab.interop;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BrowserTurnCases} with headless Chromium, and over TLS ({@code turns:}) too. */
@Tag("interop")
class ChromiumTurnTest extends BrowserTurnCases {
    @Override
    BrowserSession.Kind kind() {
        return BrowserSession.Kind.CHROMIUM;
    }

    /**
     * RFC 8656 §3.1 turns: the same two relay-only peer connections reach icelab's server over TLS (its certificate
     * made for the test, the browser started to accept it), the relay to each other staying UDP.
     */
    @Test
    void twoPeerConnections_relayOnly_overTls_throughIcelabsTurnServer(@TempDir Path dir) throws Exception {
        relayOverTls(dir);
    }
}
