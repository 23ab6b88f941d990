package io.icelab.stun;

import java.util.List;

/** What a server-side authenticator decided about a request (RFC 8489 §9.1.3, §9.2.4). */
public sealed interface AuthResult {

    /** The request is authentic; responses to it carry integrity with {@code key}. */
    record Accepted(String username, byte[] key, boolean sha256) implements AuthResult {
    }

    /** Answer with this error code and these attributes (REALM, NONCE, PASSWORD-ALGORITHMS, ...). */
    record Rejected(int code, String reason, List<StunAttribute> attributes) implements AuthResult {
        /**
         * Copies the attributes.
         *
         * @param code the error code
         * @param reason its reason phrase
         * @param attributes the attributes the answer carries
         */
        public Rejected {
            attributes = List.copyOf(attributes);
        }

        /**
         * Builds the error response to {@code request}.
         *
         * @param request the request refused
         * @return the response, to be finished with FINGERPRINT
         */
        public StunMessageBuilder response(StunMessage request) {
            StunMessageBuilder b = StunMessageBuilder.errorFor(request, code, reason);
            for (StunAttribute a : attributes) {
                b.add(a);
            }
            return b;
        }
    }

    /**
     * RFC 8489 §6.3.1: a request with unknown comprehension-required attributes gets 420.
     *
     * @param request the request
     * @return the 420 with UNKNOWN-ATTRIBUTES
     */
    static Rejected unknownAttributes(StunMessage request) {
        return new Rejected(420, "Unknown Attribute",
                List.of(new CoreAttribute.UnknownAttributes(request.unknownComprehensionRequired())));
    }
}
