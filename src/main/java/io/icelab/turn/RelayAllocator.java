package io.icelab.turn;

import java.net.InetSocketAddress;

/**
 * Where relayed transport addresses come from: the driver binds them (the simulator picks a port on
 * the server host, the real-socket runtime opens a socket) and then delivers what arrives there to the
 * server like any datagram.
 */
public interface RelayAllocator {
    /** Which ports will do (RFC 8656 §7.2: EVEN-PORT asks for an even one). */
    enum Parity {
        /** Any free port. */
        ANY,
        /** An even port only. */
        EVEN;

        /**
         * Whether a port will do.
         *
         * @param port a port number
         * @return true for any port, or for an even one when EVEN
         */
        public boolean admits(int port) {
            return this == ANY || port % 2 == 0;
        }
    }

    /**
     * A relayed address.
     *
     * @param family 1 IPv4, 2 IPv6
     * @param parity which ports will do
     * @return the bound address, or null when none is free
     */
    InetSocketAddress allocate(int family, Parity parity);

    /**
     * Exactly this address (the port after an even one, for EVEN-PORT's R bit), or null when taken.
     *
     * @param wanted the address
     * @return the address, or null
     */
    InetSocketAddress allocateExactly(InetSocketAddress wanted);

    /**
     * The allocation is gone: the address may be reused.
     *
     * @param relayed the address
     */
    void release(InetSocketAddress relayed);
}
