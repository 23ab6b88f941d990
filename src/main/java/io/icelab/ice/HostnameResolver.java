package io.icelab.ice;

import java.net.InetAddress;

/**
 * Resolves the mDNS names ({@code *.local}) that browsers put in candidates instead of private
 * addresses. Injected: the core never does name resolution itself.
 */
@FunctionalInterface
public interface HostnameResolver {
    /**
     * The address, or null when the name cannot be resolved (the candidate is then ignored).
     *
     * @param hostname the name, e.g. an mDNS ".local" name
     * @return the address, or null
     */
    InetAddress resolve(String hostname);

    /** Resolves nothing: every candidate with a host name is ignored. */
    HostnameResolver NONE = name -> null;
}
