package io.icelab.stun;

import java.util.LinkedHashMap;
import java.util.Map;

/** A fixed table of users and passwords, with USERHASH lookup. */
public final class StaticUsers implements LongTermUsers {
    private final Map<String, String> passwords;

    /**
     * A fixed set of users.
     *
     * @param passwords each username's password
     */
    public StaticUsers(Map<String, String> passwords) {
        this.passwords = new LinkedHashMap<>(passwords);
    }

    /**
     * One user.
     *
     * @param username the username
     * @param password the password
     * @return the users
     */
    public static StaticUsers of(String username, String password) {
        return new StaticUsers(Map.of(username, password));
    }

    @Override
    public String password(String username, String realm) {
        return passwords.get(username);
    }

    @Override
    public String usernameForHash(Bytes hash, String realm) {
        for (String user : passwords.keySet()) {
            if (Bytes.wrap(StunKeys.userhash(user, realm)).equals(hash)) {
                return user;
            }
        }
        return null;
    }
}
