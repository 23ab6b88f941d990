package io.icelab.interop;

import org.junit.jupiter.api.Tag;

/**
 * {@link BrowserIceCases} with headless Firefox ESR (nICEr's ICE), driven by the page itself: Firefox paces, nominates
 * and keeps consent its own way, and these cases hold it to the same outcomes as Chromium.
 */
@Tag("interop")
class FirefoxIceTest extends BrowserIceCases {
    @Override
    BrowserSession.Kind kind() {
        return BrowserSession.Kind.FIREFOX;
    }
}
