package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.replay.CaptureAnalysis;
import io.icelab.replay.CaptureLint;
import io.icelab.replay.Credentials;
import io.icelab.replay.Finding;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every interop test does with the capture its runtime wrote: a credentials sidecar next to it,
 * then icelab's capture lint (the rules of `icelab replay --lint`) with every MESSAGE-INTEGRITY checked,
 * and the capture, summary and findings attached to the Allure result.
 */
final class CaptureCheck {
    private CaptureCheck() {
    }

    record Result(CaptureAnalysis analysis, List<Finding> findings, int integrityChecked) {
    }

    /** A runtime tap that writes UDP datagrams as UDP and what crossed a TCP connection as TCP segments. */
    static io.icelab.net.SocketRuntime.Tap tap(io.icelab.sim.PcapCapture capture) {
        return new io.icelab.net.SocketRuntime.Tap() {
            @Override
            public void packet(long t, java.net.InetSocketAddress from, java.net.InetSocketAddress to,
                    io.icelab.stun.Bytes payload) {
                capture.packet(t, "lo", new io.icelab.sim.SimPacket(0, from, to, payload));
            }

            @Override
            public void packet(long t, io.icelab.stun.Transport transport, java.net.InetSocketAddress from,
                    java.net.InetSocketAddress to, io.icelab.stun.Bytes payload) {
                if (transport == io.icelab.stun.Transport.TCP) {
                    capture.tcpSegment(t, "lo", from, to, payload.toArray());
                } else {
                    packet(t, from, to, payload);
                }
            }
        };
    }

    /** Writes the sidecar ({@code ice} ufrag/pwd pairs, {@code turn} user/realm/password triples). */
    static void sidecar(Path pcap, String comment, List<String[]> ice, List<String[]> turn) throws Exception {
        StringBuilder y = new StringBuilder("# ").append(comment).append('\n');
        if (!ice.isEmpty()) {
            y.append("ice:\n");
            for (String[] c : ice) {
                y.append("  - { ufrag: \"").append(c[0]).append("\", pwd: \"").append(c[1]).append("\" }\n");
            }
        }
        if (!turn.isEmpty()) {
            y.append("turn:\n");
            for (String[] t : turn) {
                y.append("  - { user: \"").append(t[0]).append("\", realm: \"").append(t[1]).append("\", password: \"")
                        .append(t[2]).append("\" }\n");
            }
        }
        Files.writeString(pcap.resolveSibling(pcap.getFileName() + ".credentials.yaml"), y.toString());
    }

    /** Lints the capture; fails on any warning or error, or when a MESSAGE-INTEGRITY could not be checked. */
    static Result lintsClean(Path pcap) throws Exception {
        return lintsClean(pcap, null);
    }

    /**
     * The same, except that a warning on a message the peer sent (not from {@code ours}) — a SHOULD the peer does
     * not follow, such as nICEr's 100 ms first retransmission against RFC 8489 §6.2.1's 500 ms — is recorded as
     * the peer's deviation (attached to the report) rather than failing the case; errors fail whoever sent them.
     */
    static Result lintsClean(Path pcap, java.net.InetSocketAddress ours) throws Exception {
        return lintsClean(pcap, ours, false);
    }

    /**
     * The same for a capture of icelab's TURN server relaying between browsers ({@code ours}: the server): it is no
     * ICE agent, so a warning under an RFC 8445 rule (the pacing of the checks it relays) is the peers' too.
     */
    static Result lintsCleanAsRelay(Path pcap, java.net.InetSocketAddress ours) throws Exception {
        return lintsClean(pcap, ours, true);
    }

    private static Result lintsClean(Path pcap, java.net.InetSocketAddress ours, boolean relay) throws Exception {
        CaptureAnalysis a = CaptureAnalysis.of(pcap);
        List<Finding> findings = CaptureLint.lint(a, Credentials.forCapture(pcap));
        String text = String.join("\n", a.summary()) + "\n\nfindings:\n"
                + String.join("\n", findings.stream().map(Finding::toString).toList());
        Allure.addAttachment(pcap.getFileName().toString(), "application/vnd.tcpdump.pcap", Files.newInputStream(pcap),
                ".pcap");
        Allure.addAttachment("capture lint", "text/plain", text);
        assertThat(a.messages()).as("messages in " + pcap).isNotEmpty();
        java.util.function.Predicate<Finding> peers = f -> ours != null && f.severity() == Finding.Severity.WARNING
                && ((relay && f.rule().startsWith("RFC8445"))
                || a.messages().stream().anyMatch(m -> m.frame() == f.frame() && !m.source().equals(ours)));
        List<Finding> deviations = findings.stream().filter(peers).toList();
        if (!deviations.isEmpty()) {
            Allure.addAttachment("the peer's deviations (lint warnings on its own messages)", "text/plain",
                    String.join("\n", deviations.stream().map(Finding::toString).toList()));
        }
        assertThat(findings).as(pcap + " lints clean:\n" + text)
                .noneMatch(f -> f.severity() != Finding.Severity.INFO && !peers.test(f));
        int checked = 0;
        for (Finding f : findings) {
            Matcher m = Pattern.compile("checked on (\\d+) message.*; (\\d+) could not").matcher(f.text());
            if (f.rule().equals("RFC8489-14.5") && m.find()) {
                checked = Integer.parseInt(m.group(1));
                assertThat(Integer.parseInt(m.group(2))).as("MESSAGE-INTEGRITY not checkable: " + f).isZero();
            }
        }
        return new Result(a, findings, checked);
    }
}
