package io.icelab.ice;

import java.net.InetAddress;

/**
 * Resolves the mDNS names ({@code *.local}) that browsers put in candidates instead of private
 * addresses. Injected: the core never does name resolution itself.
 */
@FunctionalInterface
public interface HostnameResolver {
    /** The address, or null when the name cannot be resolved (the candidate is then ignored). */
    InetAddress resolve(String hostname);

    HostnameResolver NONE = name -> null;
}
