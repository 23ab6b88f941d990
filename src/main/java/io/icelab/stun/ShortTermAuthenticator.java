package io.icelab.stun;

import java.util.List;
import java.util.function.Function;

/** Server-side check of short-term credentials (RFC 8489 §9.1.3), as an ICE agent or STUN server uses. */
public final class ShortTermAuthenticator {
    private final Function<String, String> passwordOf;
    private final Integrity integrity = new Integrity();
    private final KeyCache keys = new KeyCache(64);

    /**
     * {@code passwordOf} maps a USERNAME to its password, or null when unknown.
     *
     * @param passwordOf the password lookup
     */
    public ShortTermAuthenticator(Function<String, String> passwordOf) {
        this.passwordOf = passwordOf;
    }

    /**
     * RFC 8489 §9.1.3: a request without USERNAME or integrity gets 400; an unknown user or a wrong HMAC 401.
     *
     * @param request the request
     * @return accepted, or rejected with the error to answer
     */
    public AuthResult authenticate(StunMessage request) {
        CoreAttribute.Username user = request.attribute(CoreAttribute.Username.class);
        if (user == null || !request.hasIntegrity()) {
            // RFC 8489 §9.1.3: missing USERNAME or MESSAGE-INTEGRITY → 400
            return new AuthResult.Rejected(400, "Bad Request: USERNAME and MESSAGE-INTEGRITY are required", List.of());
        }
        String password = passwordOf.apply(user.text());
        if (password == null) {
            return new AuthResult.Rejected(401, "Unauthorized: unknown username", List.of());
        }
        byte[] key = keys.shortTerm(password);
        if (integrity.verify(request, key) != Integrity.Status.VALID) {
            return new AuthResult.Rejected(401, "Unauthorized: integrity check failed", List.of());
        }
        return new AuthResult.Accepted(user.text(), key, request.has(CoreAttribute.MessageIntegritySha256.class));
    }
}
