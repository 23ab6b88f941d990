package io.icelab.stun;

/** How a client authenticates its requests (RFC 8489 §9). */
public sealed interface StunCredentials {

    /** RFC 8489 §9.1: USERNAME plus MESSAGE-INTEGRITY keyed with the password (ICE checks use this). */
    record ShortTerm(String username, String password) implements StunCredentials {
        /**
         * The key: the prepared password (RFC 8489 §9.1.1).
         *
         * @return the key
         */
        public byte[] key() {
            return StunKeys.shortTerm(password);
        }
    }

    /**
     * RFC 8489 §9.2: the server challenges with 401 REALM/NONCE. Where the server's nonce cookie has the
     * username-anonymity bit the client must send USERHASH instead of USERNAME (§9.2.5), and does.
     */
    record LongTerm(String username, String password) implements StunCredentials {
        /**
         * Long-term credentials.
         *
         * @param username the username
         * @param password the password
         * @return the credentials
         */
        public static LongTerm of(String username, String password) {
            return new LongTerm(username, password);
        }
    }
}
