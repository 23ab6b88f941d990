package io.icelab.stun;

import java.util.ArrayList;
import java.util.List;

/**
 * Server-side long-term credential check (RFC 8489 §9.2.4): challenge, nonce expiry (438),
 * PASSWORD-ALGORITHMS bid-down protection, USERHASH, and MESSAGE-INTEGRITY(-SHA256) verification.
 */
public final class LongTermAuthenticator {
    private final String realm;
    private final LongTermUsers users;
    private final NonceManager nonces;
    private final CoreAttribute.PasswordAlgorithms algorithms;
    private final Integrity integrity = new Integrity();
    private final KeyCache keys = new KeyCache(1024);

    /**
     * @param algorithms the password algorithms offered, in preference order; empty for an RFC 5389
     *     server (MD5 only, no negotiation). The nonce manager's features must match.
     *
     * @param realm the REALM sent in challenges
     * @param users looks up users' passwords (or keys)
     * @param nonces issues and checks NONCEs
     */
    public LongTermAuthenticator(String realm, LongTermUsers users, NonceManager nonces, List<Integer> algorithms) {
        this.realm = realm;
        this.users = users;
        this.nonces = nonces;
        List<CoreAttribute.PasswordAlgorithm> list = new ArrayList<>();
        for (int a : algorithms) {
            list.add(CoreAttribute.PasswordAlgorithm.of(a));
        }
        this.algorithms = list.isEmpty() ? null : new CoreAttribute.PasswordAlgorithms(list);
        if ((this.algorithms != null) != ((nonces.features() & NonceCookie.PASSWORD_ALGORITHMS) != 0)) {
            throw new IllegalArgumentException("offer PASSWORD-ALGORITHMS exactly when the nonce cookie says so");
        }
    }

    /**
     * The REALM of this server.
     *
     * @return the realm
     */
    public String realm() {
        return realm;
    }

    /**
     * RFC 8489 §9.2.4: authenticates a request (nonces not bound to the client).
     *
     * @param nowNanos the current time
     * @param request the request
     * @return accepted with the key to sign the answer with, or rejected with the error to answer
     */
    public AuthResult authenticate(long nowNanos, StunMessage request) {
        return authenticate(nowNanos, request, "");
    }

    /**
     * As {@link #authenticate(long, StunMessage)}, with nonces bound to {@code client} (e.g. the transport
     * and the client's address): a nonce issued to another client is stale here (438, a new challenge).
     *
     * @param nowNanos the current time
     * @param request the request
     * @param client what nonces are bound to
     * @return accepted with the key to sign the answer with, or rejected with the error to answer
     */
    public AuthResult authenticate(long nowNanos, StunMessage request, String client) {
        boolean mi = request.has(CoreAttribute.MessageIntegrity.class);
        boolean mi256 = request.has(CoreAttribute.MessageIntegritySha256.class);
        if (!mi && !mi256) {
            return challenge(nowNanos, client, 401, "Unauthorized");
        }
        CoreAttribute.Username username = request.attribute(CoreAttribute.Username.class);
        CoreAttribute.Userhash userhash = request.attribute(CoreAttribute.Userhash.class);
        CoreAttribute.Realm r = request.attribute(CoreAttribute.Realm.class);
        CoreAttribute.Nonce n = request.attribute(CoreAttribute.Nonce.class);
        if ((username == null && userhash == null) || r == null || n == null) {
            return new AuthResult.Rejected(400, "Bad Request: USERNAME or USERHASH, REALM and NONCE are required",
                    List.of());
        }
        int algorithm = CoreAttribute.PasswordAlgorithm.MD5;
        if (algorithms != null) {
            CoreAttribute.PasswordAlgorithms echoed = request.attribute(CoreAttribute.PasswordAlgorithms.class);
            CoreAttribute.PasswordAlgorithm chosen = request.attribute(CoreAttribute.PasswordAlgorithm.class);
            if (echoed != null || chosen != null) {
                // RFC 8489 §9.2.4: the echoed list must be ours and the choice one of it, else 400 (bid-down).
                if (echoed == null || chosen == null || !echoed.equals(algorithms)
                        || !algorithms.algorithms().contains(chosen)) {
                    return new AuthResult.Rejected(400, "Bad Request: PASSWORD-ALGORITHMS mismatch", List.of());
                }
                algorithm = chosen.algorithm();
            }
        }
        if (nonces.check(n.text(), nowNanos, client) != NonceManager.Check.VALID) {
            return challenge(nowNanos, client, 438, "Stale Nonce");
        }
        // From here the NONCE is valid: a refusal repeats it, so the client can tell "these credentials are
        // wrong" (401 with the nonce it used) from "authenticate afresh" (401 with a new one) and stop
        // at once instead of retrying (RFC 8489 §9.2.4 asks for a REALM and a NONCE, not a new one).
        if (!realm.equals(r.text())) {
            return challenge(401, "Unauthorized: wrong realm", n.text());
        }
        String user = username != null ? username.text() : users.usernameForHash(userhash.hash(), realm);
        String password = user == null ? null : users.password(user, realm);
        if (password == null) {
            return challenge(401, "Unauthorized: unknown user", n.text());
        }
        byte[] key = keys.longTerm(algorithm, user, realm, password);
        if (integrity.verify(request, key) != Integrity.Status.VALID) {
            return challenge(401, "Unauthorized: integrity check failed", n.text());
        }
        return new AuthResult.Accepted(user, key, mi256);
    }

    private AuthResult.Rejected challenge(long nowNanos, String client, int code, String reason) {
        return challenge(code, reason, nonces.issue(nowNanos, client));
    }

    private AuthResult.Rejected challenge(int code, String reason, String nonce) {
        List<StunAttribute> attrs = new ArrayList<>();
        attrs.add(CoreAttribute.Realm.of(realm));
        attrs.add(CoreAttribute.Nonce.of(nonce));
        if (algorithms != null) {
            attrs.add(algorithms);
        }
        return new AuthResult.Rejected(code, reason, attrs);
    }
}
