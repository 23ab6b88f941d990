package io.icelab.ice;

import io.icelab.stun.Transport;
import io.icelab.stun.TransportAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ICE attributes of SDP (RFC 8839 §5): parsing with typed errors, and printing. */
public final class IceSdp {
    private IceSdp() {
    }

    /** One media section's ICE attributes. {@code ignoredCandidates} lists unresolvable mDNS candidates. */
    public record Description(String ufrag, String pwd, boolean lite, List<String> options,
            boolean endOfCandidates, List<Candidate> candidates, List<String> ignoredCandidates) {
        /**
         * Whether {@code a=ice-options} lists trickle (RFC 8838 §4.1.1).
         *
         * @return true when the peer trickles
         */
        public boolean trickle() {
            return options.contains("trickle");
        }
    }

    /**
     * Reads the {@code a=} lines it knows; other lines are skipped. Line numbers count from 1.
     *
     * @param lines the SDP lines
     * @param resolver resolves candidates' host names (mDNS)
     * @return what the lines describe
     * @throws SdpParseException naming the line and field of the first malformed value
     */
    public static Description parse(List<String> lines, HostnameResolver resolver) throws SdpParseException {
        String ufrag = null;
        String pwd = null;
        boolean lite = false;
        boolean end = false;
        List<String> options = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            int n = i + 1;
            if (l.startsWith("a=ice-ufrag:")) {
                ufrag = checkUfrag(l.substring(12), n);
            } else if (l.startsWith("a=ice-pwd:")) {
                pwd = checkPwd(l.substring(10), n);
            } else if (l.equals("a=ice-lite")) {
                lite = true;
            } else if (l.startsWith("a=ice-options:")) {
                for (String o : l.substring(14).trim().split(" +")) {
                    if (!o.matches("[A-Za-z0-9+/]+")) {
                        throw new SdpParseException(n, "ice-options", "'" + o + "' is not an ice-option-tag");
                    }
                    options.add(o);
                }
            } else if (l.equals("a=end-of-candidates")) {
                end = true;
            } else if (l.startsWith("a=candidate:")) {
                Candidate c = parseCandidate(l, n, resolver);
                if (c == null) {
                    ignored.add(l);
                } else {
                    candidates.add(c);
                }
            }
        }
        return new Description(ufrag, pwd, lite, options, end, candidates, ignored);
    }

    /**
     * RFC 8839 §5.4: ice-ufrag is 4 to 256 ice-chars (ALPHA / DIGIT / "+" / "/").
     *
     * @param v the value
     * @param line its line number, for the error
     * @return the value
     * @throws SdpParseException when it is too short, too long or not ice-chars
     */
    public static String checkUfrag(String v, int line) throws SdpParseException {
        return iceChars(v, 4, 256, line, "ice-ufrag");
    }

    /**
     * RFC 8839 §5.4: ice-pwd is 22 to 256 ice-chars.
     *
     * @param v the value
     * @param line its line number, for the error
     * @return the value
     * @throws SdpParseException when it is too short, too long or not ice-chars
     */
    public static String checkPwd(String v, int line) throws SdpParseException {
        return iceChars(v, 22, 256, line, "ice-pwd");
    }

    private static String iceChars(String v, int min, int max, int line, String field) throws SdpParseException {
        if (v.length() < min || v.length() > max) {
            throw new SdpParseException(line, field, v.length() + " characters, must be " + min + ".." + max);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                throw new SdpParseException(line, field, "character '" + c + "' at " + i + " is not an ice-char");
            }
        }
        return v;
    }

    /**
     * Parses {@code a=candidate:...} (or the value without {@code a=}). Returns null for an mDNS
     * candidate the resolver cannot resolve (RFC 8839 / draft-ietf-mmusic-mdns-ice-candidates: ignore it).
     *
     * @param line the line
     * @param n its line number, for the error
     * @param resolver resolves a host name connection-address
     * @return the candidate, or null for an unresolvable mDNS one
     * @throws SdpParseException naming the field that is malformed
     */
    public static Candidate parseCandidate(String line, int n, HostnameResolver resolver) throws SdpParseException {
        String v = line.strip();
        if (v.startsWith("a=")) {
            v = v.substring(2);
        }
        if (!v.startsWith("candidate:")) {
            throw new SdpParseException(n, "candidate", "does not start with 'candidate:'");
        }
        String[] f = v.substring(10).trim().split(" +");
        if (f.length < 8) {
            throw new SdpParseException(n, "candidate", f.length + " fields, at least 8 needed "
                    + "(foundation component transport priority address port typ type)");
        }
        String foundation = f[0];
        if (!foundation.matches("[A-Za-z0-9+/]{1,32}")) {
            throw new SdpParseException(n, "foundation", "'" + foundation + "' is not 1..32 ice-chars");
        }
        int component = (int) number(f[1], 1, 256, n, "component-id");
        Transport transport;
        switch (f[2].toUpperCase(Locale.ROOT)) {
            case "UDP" -> transport = Transport.UDP;
            case "TCP" -> transport = Transport.TCP;
            default -> throw new SdpParseException(n, "transport", "'" + f[2] + "' is neither UDP nor TCP");
        }
        long priority = number(f[3], 1, 0xffffffffL, n, "priority");
        InetAddress ip = address(f[4], n, "connection-address", resolver);
        int port = (int) number(f[5], 0, 65535, n, "port");
        if (!f[6].equals("typ")) {
            throw new SdpParseException(n, "typ", "expected 'typ', found '" + f[6] + "'");
        }
        CandidateType type = CandidateType.fromSdp(f[7]);
        if (type == null) {
            throw new SdpParseException(n, "cand-type", "'" + f[7] + "' is not host, srflx, prflx or relay");
        }
        Extensions x = extensions(f, n, resolver);
        if (transport == Transport.TCP && x.tcpType() == null) {
            throw new SdpParseException(n, "tcptype", "a TCP candidate needs tcptype (RFC 6544 §4.5)");
        }
        if (ip == null) {
            return null;
        }
        InetSocketAddress address = new InetSocketAddress(ip, port);
        return new Candidate(foundation, component, transport, priority, address, type, address, x.related(),
                x.tcpType());
    }

    /** The related address (null when absent or an unresolvable name) and the tcptype (null when absent). */
    private record Extensions(InetSocketAddress related, String tcpType) {
    }

    /** RFC 8839 §5.1: raddr/rport, tcptype (RFC 6544 §4.5) and extensions, which are ignored; pairs from field 8. */
    private static Extensions extensions(String[] f, int n, HostnameResolver resolver) throws SdpParseException {
        InetSocketAddress related = null;
        String relatedIp = null;
        String tcpType = null;
        for (int i = 8; i < f.length; i += 2) {
            if (i + 1 >= f.length) {
                throw new SdpParseException(n, f[i], "has no value");
            }
            switch (f[i]) {
                case "raddr" -> relatedIp = f[i + 1];
                case "rport" -> {
                    if (relatedIp == null) {
                        throw new SdpParseException(n, "rport", "comes before raddr");
                    }
                    InetAddress r = address(relatedIp, n, "raddr", resolver);
                    int rport = (int) number(f[i + 1], 0, 65535, n, "rport");
                    related = r == null ? null : new InetSocketAddress(r, rport);
                }
                case "tcptype" -> {
                    if (TcpType.parse(f[i + 1]) == null) {
                        throw new SdpParseException(n, "tcptype", "'" + f[i + 1] + "' is not active, passive or so");
                    }
                    tcpType = f[i + 1];
                }
                default -> {
                    // RFC 8839 §5.1: unknown extension attributes are ignored
                }
            }
        }
        if (relatedIp != null && related == null && !isHostname(relatedIp)) {
            throw new SdpParseException(n, "raddr", "raddr without rport");
        }
        return new Extensions(related, tcpType);
    }

    /**
     * An {@code a=candidate} line (RFC 8839 §5.1) with {@code raddr}/{@code rport} and {@code tcptype} when they
     * apply.
     *
     * @param c the candidate
     * @return the line, starting with {@code a=candidate:}
     */
    public static String formatCandidate(Candidate c) {
        return formatCandidate(c, address -> null);
    }

    /**
     * The same with host addresses hidden behind mDNS names (draft-ietf-mmusic-mdns-ice-candidates §3.1): a host
     * candidate on an address that {@code hostNames} names shows the name; a candidate whose related address is such
     * an address shows the unspecified address and port 0 instead (§3.1.2.2: the name hides nothing if the related
     * address gives the IP away).
     *
     * @param c the candidate
     * @param hostNames the name of a host address, or null to show the address
     * @return the attribute line
     */
    public static String formatCandidate(Candidate c, java.util.function.Function<java.net.InetAddress, String> hostNames) {
        String name = c.type() == CandidateType.HOST ? hostNames.apply(c.address().getAddress()) : null;
        StringBuilder sb = new StringBuilder("a=candidate:").append(c.foundation()).append(' ').append(c.component())
                .append(' ').append(c.transport() == Transport.UDP ? "UDP" : "TCP").append(' ').append(c.priority())
                .append(' ').append(name != null ? name : TransportAddresses.ip(c.address().getAddress()))
                .append(' ').append(c.address().getPort()).append(" typ ").append(c.type().sdpName());
        if (c.related() != null) {
            boolean hidden = hostNames.apply(c.related().getAddress()) != null;
            String unspecified = c.related().getAddress() instanceof java.net.Inet6Address ? "::" : "0.0.0.0";
            sb.append(" raddr ").append(hidden ? unspecified : TransportAddresses.ip(c.related().getAddress()))
                    .append(" rport ").append(hidden ? 0 : c.related().getPort());
        }
        if (c.tcpType() != null) {
            sb.append(" tcptype ").append(c.tcpType());
        }
        return sb.toString();
    }

    private static long number(String s, long min, long max, int n, String field) throws SdpParseException {
        if (!s.matches("[0-9]{1,10}")) {
            throw new SdpParseException(n, field, "'" + s + "' is not a number");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new SdpParseException(n, field, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static boolean isHostname(String s) {
        return s.endsWith(".local");
    }

    /** An IP literal, or a {@code .local} name through the resolver (null if unresolvable). */
    private static InetAddress address(String s, int n, String field, HostnameResolver resolver) throws SdpParseException {
        if (isHostname(s)) {
            return resolver.resolve(s);
        }
        InetAddress ip = io.icelab.stun.IpLiteral.parse(s);
        if (ip == null) {
            throw new SdpParseException(n, field, "'" + s + "' is not an IP address (nor an mDNS .local name)");
        }
        return ip;
    }
}
