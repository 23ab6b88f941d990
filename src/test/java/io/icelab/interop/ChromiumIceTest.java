package io.icelab.interop;

import org.junit.jupiter.api.Tag;

/** {@link BrowserIceCases} with headless Chromium (libwebrtc's ICE), driven through chromedriver. */
@Tag("interop")
class ChromiumIceTest extends BrowserIceCases {
    @Override
    BrowserSession.Kind kind() {
        return BrowserSession.Kind.CHROMIUM;
    }
}
