package io.icelab.stun;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Prints transport addresses the way people write them: {@code 192.0.2.1:3478}, {@code [2001:db8::1]:3478}. */
public final class TransportAddresses {
    private TransportAddresses() {
    }

    /**
     * A transport address as "IP:port", IPv6 in brackets ("[::1]:3478").
     *
     * @param a the address, or null
     * @return the text, "-" for null
     */
    public static String format(InetSocketAddress a) {
        if (a == null) {
            return "-";
        }
        if (a.isUnresolved()) {
            return a.getHostString() + ":" + a.getPort();
        }
        String host = ip(a.getAddress());
        return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * An IP address as text; IPv6 in RFC 5952 canonical form (lower case, longest zero run as "::").
     *
     * @param address the address
     * @return the text
     */
    public static String ip(java.net.InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
