package io.icelab.stun;

/** Where a long-term authenticator looks users up. */
public interface LongTermUsers {
    /**
     * The password of {@code username} in {@code realm}, or null when there is no such user.
     *
     * @param username the username
     * @param realm the realm
     * @return the password, or null
     */
    String password(String username, String realm);

    /**
     * RFC 8489 §14.4: the username whose USERHASH is {@code hash}, or null.
     *
     * @param hash the 32-byte USERHASH
     * @param realm the realm
     * @return the username, or null
     */
    default String usernameForHash(Bytes hash, String realm) {
        return null;
    }
}
