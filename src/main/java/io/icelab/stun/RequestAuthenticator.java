package io.icelab.stun;

/** A server's check of a request's credentials. */
@FunctionalInterface
public interface RequestAuthenticator {
    /**
     * Authenticates a request.
     *
     * @param nowNanos the current time
     * @param request the request
     * @return accepted with the key to sign the answer with, or rejected with the error to answer
     */
    AuthResult authenticate(long nowNanos, StunMessage request);

    /**
     * Short-term credentials (RFC 8489 §9.1).
     *
     * @param a the authenticator
     * @return it, as a request authenticator
     */
    static RequestAuthenticator shortTerm(ShortTermAuthenticator a) {
        return (now, request) -> a.authenticate(request);
    }

    /**
     * Long-term credentials (RFC 8489 §9.2).
     *
     * @param a the authenticator
     * @return it, as a request authenticator
     */
    static RequestAuthenticator longTerm(LongTermAuthenticator a) {
        return a::authenticate;
    }
}
