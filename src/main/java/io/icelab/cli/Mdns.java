package io.icelab.cli;

import io.icelab.ice.HostnameResolver;
import io.icelab.net.mdns.MdnsQuerier;
import io.icelab.net.mdns.MdnsResolver;
import io.icelab.net.mdns.MdnsResponder;
import io.icelab.net.mdns.MdnsResponderSocket;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;

/**
 * {@code ice-agent --mdns}: the agent's host address behind a random {@code .local} name, answered by a responder
 * on port 5353 of its interface, and the peer's names resolved with one-shot queries there (RFC 6762,
 * draft-ietf-mmusic-mdns-ice-candidates). {@link #NONE} without the flag: addresses shown, names ignored.
 */
class Mdns implements AutoCloseable {
    /** No mDNS: host addresses in the clear, the peer's names unresolved. */
    static final Mdns NONE = new Mdns();

    Mdns() {
    }

    /** The name a host address is shown under, or null to show it. */
    String nameOf(InetAddress address) {
        return null;
    }

    /** Resolves the peer's names. */
    HostnameResolver resolver() {
        return HostnameResolver.NONE;
    }

    @Override
    public void close() throws IOException {
    }

    /** Names {@code ip} and resolves on its interface; says on {@code err} what each of the peer's names became. */
    static Mdns open(InetAddress ip, PrintWriter err) throws IOException {
        NetworkInterface iface = NetworkInterface.getByInetAddress(ip);
        if (iface == null || !iface.supportsMulticast()) {
            throw new IOException("the interface of " + ip.getHostAddress() + " does not do multicast");
        }
        SecureRandom random = new SecureRandom();
        MdnsResponderSocket responder = MdnsResponderSocket.start(new InetSocketAddress(5353), iface,
                new MdnsResponder(new InetSocketAddress(5353)));
        MdnsResolver resolver;
        try {
            resolver = MdnsResolver.open(ip, iface, MdnsQuerier.GROUP_V4, random);
        } catch (IOException e) {
            responder.close();
            throw e;
        }
        String name = responder.name(random, ip);
        return new Mdns() {
            @Override
            String nameOf(InetAddress address) {
                return address.equals(ip) ? name : null;
            }

            @Override
            HostnameResolver resolver() {
                return hostname -> {
                    InetAddress a = resolver.resolve(hostname);
                    err.println(a == null ? "mdns: " + hostname + " unresolved, its candidate ignored"
                            : "mdns: " + hostname + " is " + a.getHostAddress());
                    err.flush();
                    return a;
                };
            }

            @Override
            public void close() throws IOException {
                try {
                    resolver.close();
                } finally {
                    responder.close();
                }
            }
        };
    }
}
