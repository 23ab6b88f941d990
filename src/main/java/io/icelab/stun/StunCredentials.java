package io.icelab.stun;

/** How a client authenticates its requests (RFC 8489 §9). */
public sealed interface StunCredentials {

    /** RFC 8489 §9.1: USERNAME plus MESSAGE-INTEGRITY keyed with the password (ICE checks use this). */
    record ShortTerm(String username, String password) implements StunCredentials {
        public byte[] key() {
            return StunKeys.shortTerm(password);
        }
    }

    /**
     * RFC 8489 §9.2: the server challenges with 401 REALM/NONCE. With {@code anonymous} the client
     * sends USERHASH instead of USERNAME where the server's nonce cookie offers it.
     */
    record LongTerm(String username, String password, boolean anonymous) implements StunCredentials {
        public static LongTerm of(String username, String password) {
            return new LongTerm(username, password, false);
        }
    }
}
