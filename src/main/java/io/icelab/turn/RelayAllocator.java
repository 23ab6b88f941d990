package io.icelab.turn;

import java.net.InetSocketAddress;

/**
 * Where relayed transport addresses come from: the driver binds them (the simulator picks a port on
 * the server host, the real-socket runtime opens a socket) and then delivers what arrives there to the
 * server like any datagram.
 */
public interface RelayAllocator {
    /** A relayed address of the family (1 IPv4, 2 IPv6), even-numbered when asked; null when exhausted. */
    InetSocketAddress allocate(int family, boolean evenPort);

    /** Exactly this address (the port after an even one, for EVEN-PORT's R bit), or null when taken. */
    InetSocketAddress allocateExactly(InetSocketAddress wanted);

    /** The allocation is gone: the address may be reused. */
    void release(InetSocketAddress relayed);
}
