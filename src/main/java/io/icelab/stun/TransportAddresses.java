package io.icelab.stun;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Prints transport addresses the way people write them: {@code 192.0.2.1:3478}, {@code [2001:db8::1]:3478}. */
public final class TransportAddresses {
    private TransportAddresses() {
    }

    public static String format(InetSocketAddress a) {
        if (a == null) {
            return "-";
        }
        if (a.isUnresolved()) {
            return a.getHostString() + ":" + a.getPort();
        }
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
