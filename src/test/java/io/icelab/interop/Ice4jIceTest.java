package io.icelab.interop;

import io.icelab.ice.Role;
import io.icelab.net.Ice4jInteropTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * icelab's agent against ice4j (jitsi) over 127.0.0.1, both roles, as the default suite runs it: here for the
 * interop matrix's ice4j row.
 */
@Tag("interop")
class Ice4jIceTest {
    @ParameterizedTest(name = "icelab {0}")
    @EnumSource(Role.class)
    void icelabAndIce4j_connect(Role ours) throws Exception {
        Interop.label("icelab ↔ ice4j", "icelab " + ours.name().toLowerCase(java.util.Locale.ROOT));
        Interop.cell("ice4j", "ice4j 3.2-15-g6da2b08", ours == Role.CONTROLLED ? "controlled" : "controlling");
        Ice4jInteropTest.connect(ours);
    }
}
