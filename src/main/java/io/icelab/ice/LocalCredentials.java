package io.icelab.ice;

import io.icelab.stun.StunCredentials;
import io.icelab.stun.KeyCache;
import java.util.random.RandomGenerator;

/**
 * RFC 8445 §5.3: the agent's ufrag and password, random ice-chars; and across an ICE restart (§9) the previous
 * generation's, which still authenticate checks until a new pair is nominated. Their short-term keys (RFC 8489
 * §9.1.1, SASLprep included) are made once per password.
 */
final class LocalCredentials {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** §5.3: at least 4 ice-chars for the ufrag, 22 for the password; icelab draws 8 and 24. */
    static final int UFRAG_LENGTH = 8;
    static final int PWD_LENGTH = 24;

    private String ufrag;
    private String pwd;
    private String previousUfrag;
    private String previousPwd;
    private final KeyCache keys = new KeyCache(2);

    LocalCredentials(RandomGenerator random) {
        ufrag = draw(random, UFRAG_LENGTH);
        pwd = draw(random, PWD_LENGTH);
    }

    private static String draw(RandomGenerator random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }

    String ufrag() {
        return ufrag;
    }

    String pwd() {
        return pwd;
    }

    /** Fixed credentials instead of the drawn ones (§5.3's lengths are checked). */
    void set(String localUfrag, String localPwd) {
        if (localUfrag.length() < 4 || localPwd.length() < 22) {
            throw new IllegalArgumentException("ufrag needs 4+ and pwd 22+ characters (RFC 8445 §5.3): "
                    + localUfrag.length() + ", " + localPwd.length());
        }
        ufrag = localUfrag;
        pwd = localPwd;
    }

    /** §9: a restart draws new credentials; the old ones are kept until {@link #forgetPrevious}. */
    void restart(RandomGenerator random) {
        previousUfrag = ufrag;
        previousPwd = pwd;
        ufrag = draw(random, UFRAG_LENGTH);
        pwd = draw(random, PWD_LENGTH);
    }

    /** §9: a pair of the new generation was nominated; checks with the old credentials are refused from now on. */
    void forgetPrevious() {
        previousUfrag = null;
        previousPwd = null;
    }

    /**
     * The passwords a check's USERNAME may be answered with: the current generation's, then the previous one's,
     * when the USERNAME starts with its ufrag and a colon (RFC 8445 §7.2.2).
     */
    String[] passwordsFor(String username) {
        boolean current = username.startsWith(ufrag + ":");
        boolean previous = previousUfrag != null && username.startsWith(previousUfrag + ":");
        if (current && previous) {
            return new String[] {pwd, previousPwd};
        }
        return current ? new String[] {pwd} : previous ? new String[] {previousPwd} : new String[0];
    }

    /** §7.2.2: the credentials our checks on the stream carry: USERNAME "remote-ufrag:local-ufrag", the peer's password. */
    StunCredentials.ShortTerm outgoing(IceStream s) {
        return new StunCredentials.ShortTerm(s.remoteUfrag + ":" + ufrag, s.remotePwd);
    }

    /** The short-term key of one of the (at most two) live passwords, made once per password. */
    byte[] key(String password) {
        return keys.shortTerm(password);
    }
}
