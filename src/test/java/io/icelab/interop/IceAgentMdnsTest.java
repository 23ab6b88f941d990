package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.IceAgentProcessesTest.Agent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code icelab ice-agent --mdns} twice, in the interop namespace with multicast on its {@code lo}: each signals its
 * host candidate under a random {@code .local} name only (no IP address on the wire of the signalling), answers
 * mDNS queries for it, resolves the other's name with a one-shot query, and the two connect.
 */
@Tag("interop")
class IceAgentMdnsTest {
    @Test
    void twoAgents_hideTheirHostAddresses_resolveEachOther_andConnect() throws Exception {
        Interop.label("icelab mDNS (RFC 6762)", "two ice-agent --mdns processes");
        try (LoopbackMulticast multicast = LoopbackMulticast.enable();
             Agent a = new Agent("--controlling", "--mdns");
             Agent b = new Agent("--controlled", "--mdns")) {
            a.wire(b);
            String ca = a.await("connected ");
            String cb = b.await("connected ");
            assertThat(ca).matches("connected 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:\\d+ udp");
            assertThat(cb).matches("connected 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:\\d+ udp");
            for (Agent x : java.util.List.of(a, b)) {
                assertThat(x.printed("a=candidate:")).as("its candidate lines").isNotEmpty()
                        .allMatch(l -> l.split(" ")[4].endsWith(".local"), "name a .local host, no IP address");
                assertThat(x.errors()).as("what it said of the peer's name")
                        .anyMatch(l -> l.matches("mdns: [0-9a-f-]{36}\\.local is 127\\.0\\.0\\.1"));
            }
        }
    }
}
