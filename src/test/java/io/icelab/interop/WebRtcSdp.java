package io.icelab.interop;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceSdp;
import java.util.List;

/**
 * The smallest session description a WebRTC browser accepts from an agent that does ICE only: one
 * data-channel media section (RFC 8841) with the ICE attributes of RFC 8839. The DTLS fingerprint is
 * well-formed but belongs to no certificate: DTLS never completes, and ICE does not need it to.
 */
final class WebRtcSdp {
    private static final String FINGERPRINT = "sha-256 "
            + "1C:CE:1A:B0:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01";

    private WebRtcSdp() {
    }

    /**
     * @param offer an offer (setup:actpass) or an answer (setup:passive)
     * @param end whether to add a=end-of-candidates after the candidates
     */
    static String description(boolean offer, String mid, String ufrag, String pwd, List<Candidate> candidates,
            boolean end) {
        return description(offer, mid, ufrag, pwd, candidates, end, a -> null);
    }

    /** The same with host addresses shown under the mDNS names {@code names} gives (and none in c=). */
    static String description(boolean offer, String mid, String ufrag, String pwd, List<Candidate> candidates,
            boolean end, java.util.function.Function<java.net.InetAddress, String> names) {
        boolean hidden = candidates.stream().anyMatch(c -> names.apply(c.address().getAddress()) != null);
        int port = candidates.isEmpty() || hidden ? 9 : candidates.get(0).address().getPort();
        StringBuilder sb = new StringBuilder()
                .append("v=0\r\n")
                .append("o=icelab 1 1 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE ").append(mid).append("\r\n")
                .append("m=application ").append(port).append(" UDP/DTLS/SCTP webrtc-datachannel\r\n")
                .append(hidden ? "c=IN IP4 0.0.0.0\r\n" : "c=IN IP4 127.0.0.1\r\n")
                .append("a=mid:").append(mid).append("\r\n")
                .append("a=ice-ufrag:").append(ufrag).append("\r\n")
                .append("a=ice-pwd:").append(pwd).append("\r\n")
                .append("a=ice-options:trickle\r\n")
                .append("a=fingerprint:").append(FINGERPRINT).append("\r\n")
                .append("a=setup:").append(offer ? "actpass" : "passive").append("\r\n")
                .append("a=sctp-port:5000\r\n");
        for (Candidate c : candidates) {
            sb.append(IceSdp.formatCandidate(c, names)).append("\r\n");
        }
        if (end) {
            sb.append("a=end-of-candidates\r\n");
        }
        return sb.toString();
    }

    /** The value of the first {@code a=mid:} line, or "0". */
    static String mid(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("a=mid:")).map(l -> l.substring(6).strip()).findFirst()
                .orElse("0");
    }

    static List<String> lines(String sdp) {
        return sdp.lines().map(String::strip).toList();
    }

    static long candidateCount(String sdp) {
        return lines(sdp).stream().filter(l -> l.startsWith("a=candidate:")).count();
    }
}
