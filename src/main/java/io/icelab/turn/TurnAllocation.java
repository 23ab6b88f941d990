package io.icelab.turn;

import io.icelab.stun.TransactionId;
import io.icelab.stun.TurnAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** One allocation on the server (RFC 8656 §2.2): its 5-tuple, relayed address, permissions and channels. */
final class TurnAllocation {
    record Channel(int number, InetSocketAddress peer, long expires) {
    }

    /** The transport between client and server: UDP, or TCP (RFC 8656 §3.1). */
    final io.icelab.stun.Transport transport;
    final InetSocketAddress client;
    final InetSocketAddress server;
    final String user;
    final byte[] key;
    final boolean sha256;
    final InetSocketAddress relayed;
    /** How peers are reached: UDP (RFC 8656), or TCP connections (RFC 6062). */
    final io.icelab.stun.Transport relayTransport;
    /** The second relayed address of a dual-stack allocation (RFC 8656 §7.2, ADDITIONAL-ADDRESS-FAMILY), or null. */
    InetSocketAddress relayedOther;
    long expires;
    TransactionId allocateId;
    byte[] allocateResponse;
    final Map<InetAddress, Long> permissions = new LinkedHashMap<>();
    final Map<Integer, Channel> channels = new LinkedHashMap<>();
    /** Channel numbers recently expired, not to be bound to another peer before the time given (§12). */
    final Map<Integer, Channel> quarantine = new LinkedHashMap<>();

    TurnAllocation(io.icelab.stun.Transport transport, InetSocketAddress client, InetSocketAddress server, String user,
            byte[] key, boolean sha256, InetSocketAddress relayed, io.icelab.stun.Transport relayTransport, long expires) {
        this.transport = transport;
        this.client = client;
        this.server = server;
        this.user = user;
        this.key = key;
        this.sha256 = sha256;
        this.relayed = relayed;
        this.relayTransport = relayTransport;
        this.expires = expires;
    }

    /** The relayed address to send to {@code peer} from: the one of its family. */
    InetSocketAddress relayedFor(InetSocketAddress peer) {
        return relayedOther != null && isV6(relayedOther) == isV6(peer) ? relayedOther : relayed;
    }

    /** True when one of the relayed addresses has {@code peer}'s family (RFC 8656 §9.1, else 443). */
    boolean servesFamilyOf(InetSocketAddress peer) {
        return servesV6(isV6(peer));
    }

    /** True when one of the relayed addresses is of the REQUESTED-ADDRESS-FAMILY {@code family} (1 IPv4, 2 IPv6). */
    boolean hasFamily(int family) {
        return servesV6(family == TurnAttribute.RequestedAddressFamily.IPV6);
    }

    private boolean servesV6(boolean v6) {
        return isV6(relayed) == v6 || (relayedOther != null && isV6(relayedOther) == v6);
    }

    private static boolean isV6(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address;
    }

    boolean permits(long now, InetAddress peer) {
        Long until = permissions.get(peer);
        return until != null && until > now;
    }

    Channel channel(long now, int number) {
        Channel c = channels.get(number);
        return c != null && c.expires() > now ? c : null;
    }

    Channel channelFor(long now, InetSocketAddress peer) {
        for (Channel c : channels.values()) {
            if (c.peer().equals(peer) && c.expires() > now) {
                return c;
            }
        }
        return null;
    }

    /** Drops expired permissions and channels; expired channels go to quarantine for 5 minutes. */
    void purge(long now, long quarantineNanos) {
        permissions.values().removeIf(until -> until <= now);
        channels.values().removeIf(c -> {
            if (c.expires() <= now) {
                quarantine.put(c.number(), new Channel(c.number(), c.peer(), c.expires() + quarantineNanos));
                return true;
            }
            return false;
        });
        quarantine.values().removeIf(c -> c.expires() <= now);
    }
}
