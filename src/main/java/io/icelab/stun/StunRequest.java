package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A request for {@link StunClient}: where from and to, the method and the attributes other than the
 * ones the client adds itself (authentication, SOFTWARE, FINGERPRINT).
 */
public record StunRequest(Transport transport, InetSocketAddress local, InetSocketAddress server, Method method,
        List<StunAttribute> attributes, StunCredentials credentials, boolean fingerprint) {

    /**
     * Copies the attributes.
     *
     * @param transport UDP or TCP
     * @param local the client's address
     * @param server the server's
     * @param method the method
     * @param attributes the attributes the caller chose
     * @param credentials short-term or long-term credentials, or null
     * @param fingerprint whether to add FINGERPRINT
     */
    public StunRequest {
        attributes = List.copyOf(attributes);
    }

    /**
     * A plain Binding request over UDP with FINGERPRINT.
     *
     * @param local the client's address
     * @param server the STUN server
     * @return the request
     */
    public static StunRequest binding(InetSocketAddress local, InetSocketAddress server) {
        return new StunRequest(Transport.UDP, local, server, Method.BINDING, List.of(), null, true);
    }

    /**
     * The same request with other attributes.
     *
     * @param list the attributes
     * @return the changed request
     */
    public StunRequest withAttributes(List<StunAttribute> list) {
        return new StunRequest(transport, local, server, method, list, credentials, fingerprint);
    }

    /**
     * The same request with other credentials.
     *
     * @param c the credentials, or null
     * @return the changed request
     */
    public StunRequest withCredentials(StunCredentials c) {
        return new StunRequest(transport, local, server, method, attributes, c, fingerprint);
    }
}
