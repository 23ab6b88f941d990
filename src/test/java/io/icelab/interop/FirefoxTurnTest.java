package io.icelab.interop;

import org.junit.jupiter.api.Tag;

/** {@link BrowserTurnCases} with headless Firefox ESR: nICEr's TURN client against icelab's server. */
@Tag("interop")
class FirefoxTurnTest extends BrowserTurnCases {
    @Override
    BrowserSession.Kind kind() {
        return BrowserSession.Kind.FIREFOX;
    }
}
