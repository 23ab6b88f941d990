package io.icelab.ice;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rules for local candidates: which bases qualify, their preference order, and foundations. */
final class LocalCandidates {
    private LocalCandidates() {
    }

    /** RFC 8421: with several addresses, alternate IPv6 and IPv4 so both families get high preferences. */
    static List<InetSocketAddress> orderedBases(List<InetSocketAddress> bases) {
        List<InetSocketAddress> v6 = new ArrayList<>();
        List<InetSocketAddress> v4 = new ArrayList<>();
        for (InetSocketAddress b : bases) {
            (b.getAddress() instanceof Inet6Address ? v6 : v4).add(b);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) {
                out.add(v6.get(i));
            }
            if (i < v4.size()) {
                out.add(v4.get(i));
            }
        }
        return out;
    }

    /**
     * RFC 8445 §5.1.1.1: loopback and link-local addresses are not candidates unless configured; deprecated
     * IPv4-compatible IPv6 addresses (::a.b.c.d) and IPv6 site-local ones (fec0::/10) never are. (An IPv4-mapped
     * IPv6 address cannot reach here: Java turns ::ffff:a.b.c.d into the IPv4 address.)
     */
    static boolean usable(InetSocketAddress base, boolean allowLoopback) {
        java.net.InetAddress a = base.getAddress();
        if (a instanceof Inet6Address && (a.isSiteLocalAddress() || ipv4Compatible(a.getAddress()))) {
            return false;
        }
        return allowLoopback || !(a.isLoopbackAddress() || a.isLinkLocalAddress());
    }

    /** ::a.b.c.d: twelve zero bytes and something other than :: or ::1 after them. */
    private static boolean ipv4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[12] | b[13] | b[14]) != 0 || (b[15] & 0xfe) != 0;
    }

    /** RFC 8445 §5.1.1.3: same type, base IP, STUN server and transport share a foundation. */
    static final class Foundations {
        private final Map<String, String> byKey = new LinkedHashMap<>();

        String of(String type, InetSocketAddress base, InetSocketAddress server) {
            String key = type + "|" + base.getAddress().getHostAddress() + "|"
                    + (server == null ? "" : server.getAddress().getHostAddress()) + "|udp";
            return byKey.computeIfAbsent(key, k -> String.valueOf(byKey.size() + 1));
        }
    }
}
