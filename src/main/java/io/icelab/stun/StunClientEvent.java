package io.icelab.stun;

import java.net.InetSocketAddress;

/** What a {@link StunClient} tells its application. */
public sealed interface StunClientEvent {

    /**
     * The handle {@link StunClient#send} returned.
     *
     * @return the handle
     */
    long handle();

    /**
     * A success response, checked for integrity when the request was authenticated. {@code source} is
     * where it came from (RFC 5780 answers may come from another address than the one asked).
     */
    record Success(long handle, StunMessage response, InetSocketAddress local, InetSocketAddress source,
            long rttNanos, int transmissions) implements StunClientEvent {
    }

    /** The transaction ended without success. {@code response} is null on a timeout. */
    record Failure(long handle, Reason reason, StunMessage response, String detail) implements StunClientEvent {
        /** Why a transaction failed. */
        public enum Reason {
            /** RFC 8489 §6.2.1: no response after the last retransmission's wait. */
            TIMEOUT,
            /** An error response other than one the authentication flow resolves. */
            ERROR_RESPONSE,
            /** 401 again with our credentials, or a 438 loop past the retry bound. */
            UNAUTHORIZED,
            /** RFC 8489 §9.2.5: the server's PASSWORD-ALGORITHMS disappeared or changed. */
            BID_DOWN,
            /** RFC 8489 §6.3.3: a success response with comprehension-required attributes we do not know. */
            UNKNOWN_ATTRIBUTES,
            /**
             * RFC 8489 §9.1.4/§9.2.5: every response failed MESSAGE-INTEGRITY (signalled at the end of the
             * retransmissions over UDP, at once over TCP), instead of a timeout.
             */
            INTEGRITY_VIOLATED,
            /**
             * The application stopped the retransmissions (RFC 8445 §8.1.2) and no response came in the
             * transaction's remaining time: not a failure of the path.
             */
            CANCELLED
        }

        /**
         * The error code of the response, or 0 without one.
         *
         * @return the code
         */
        public int errorCode() {
            return response == null ? 0 : response.errorCode();
        }
    }
}
