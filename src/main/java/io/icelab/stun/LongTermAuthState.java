package io.icelab.stun;

import java.util.List;

/**
 * What a client learned from a server's 401 (RFC 8489 §9.2.4): realm, nonce, the negotiated password
 * algorithm and the server's original PASSWORD-ALGORITHMS list, kept for bid-down detection.
 */
final class LongTermAuthState {
    final String realm;
    String nonce;
    final int algorithm;
    final CoreAttribute.PasswordAlgorithms offered;

    private LongTermAuthState(String realm, String nonce, int algorithm, CoreAttribute.PasswordAlgorithms offered) {
        this.realm = realm;
        this.nonce = nonce;
        this.algorithm = algorithm;
        this.offered = offered;
    }

    /** From a 401 challenge; null when the challenge lacks REALM or NONCE or offers no usable algorithm. */
    static LongTermAuthState fromChallenge(StunMessage challenge) {
        CoreAttribute.Realm realm = challenge.attribute(CoreAttribute.Realm.class);
        CoreAttribute.Nonce nonce = challenge.attribute(CoreAttribute.Nonce.class);
        if (realm == null || nonce == null) {
            return null;
        }
        CoreAttribute.PasswordAlgorithms offered = challenge.attribute(CoreAttribute.PasswordAlgorithms.class);
        int algorithm = CoreAttribute.PasswordAlgorithm.MD5;
        if (NonceCookie.has(nonce.text(), NonceCookie.PASSWORD_ALGORITHMS) && offered != null) {
            // RFC 8489 §9.2.4: pick the first algorithm in the server's list that we support.
            algorithm = -1;
            for (CoreAttribute.PasswordAlgorithm a : offered.algorithms()) {
                if (StunKeys.isSupportedAlgorithm(a.algorithm())) {
                    algorithm = a.algorithm();
                    break;
                }
            }
            if (algorithm < 0) {
                return null;
            }
        }
        return new LongTermAuthState(realm.text(), nonce.text(), algorithm, offered);
    }

    boolean negotiated() {
        return NonceCookie.has(nonce, NonceCookie.PASSWORD_ALGORITHMS) && offered != null;
    }

    /**
     * RFC 8489 §9.2.5: when a later challenge carries the cookie with the password-algorithms bit, its
     * list must be the one first offered; a missing or altered list means an attacker bid us down.
     */
    boolean isBidDown(StunMessage challenge) {
        CoreAttribute.Nonce n = challenge.attribute(CoreAttribute.Nonce.class);
        CoreAttribute.PasswordAlgorithms now = challenge.attribute(CoreAttribute.PasswordAlgorithms.class);
        if (offered == null) {
            return n != null && NonceCookie.has(n.text(), NonceCookie.PASSWORD_ALGORITHMS) && now == null;
        }
        return now == null || !now.equals(offered);
    }

    /** Adds USERNAME or USERHASH, REALM, NONCE and the algorithm attributes; sets the integrity key. */
    void apply(StunMessageBuilder b, StunCredentials.LongTerm c, byte[] key) {
        if (NonceCookie.has(nonce, NonceCookie.USERNAME_ANONYMITY)) { // RFC 8489 §9.2.5: USERHASH is then a must
            b.add(new CoreAttribute.Userhash(Bytes.wrap(StunKeys.userhash(c.username(), realm))));
        } else {
            b.add(CoreAttribute.Username.of(c.username()));
        }
        b.add(CoreAttribute.Realm.of(realm)).add(CoreAttribute.Nonce.of(nonce));
        if (negotiated()) {
            b.add(offered).add(CoreAttribute.PasswordAlgorithm.of(algorithm));
            b.integritySha256(key);
        } else {
            b.integrity(key);
        }
    }

    byte[] key(StunCredentials.LongTerm c, KeyCache keys) {
        return keys.longTerm(algorithm, c.username(), realm, c.password());
    }

    List<CoreAttribute.PasswordAlgorithm> offeredList() {
        return offered == null ? List.of() : offered.algorithms();
    }
}
