package io.icelab.stun;

/** A server's check of a request's credentials. */
@FunctionalInterface
public interface RequestAuthenticator {
    AuthResult authenticate(long nowNanos, StunMessage request);

    static RequestAuthenticator shortTerm(ShortTermAuthenticator a) {
        return (now, request) -> a.authenticate(request);
    }

    static RequestAuthenticator longTerm(LongTermAuthenticator a) {
        return a::authenticate;
    }
}
