package io.icelab.stun;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses an IP address literal and nothing else. {@code InetAddress.getByName} looks a string up in DNS
 * when it is not a literal it knows (e.g. "300.1.1.1"); text read off the wire or from a file must never
 * send a DNS query, so addresses from SDP and topologies go through here.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The address, or null when {@code s} is not a dotted-quad IPv4 or an IPv6 literal (no zone).
     *
     * @param s the text
     * @return the address, or null
     */
    public static InetAddress parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45 || s.indexOf('%') >= 0) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s); // with a ':' the JDK parses an IPv6 literal and never resolves
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
