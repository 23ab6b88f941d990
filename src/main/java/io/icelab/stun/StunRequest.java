package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A request for {@link StunClient}: where from and to, the method and the attributes other than the
 * ones the client adds itself (authentication, SOFTWARE, FINGERPRINT).
 */
public record StunRequest(Transport transport, InetSocketAddress local, InetSocketAddress server, Method method,
        List<StunAttribute> attributes, StunCredentials credentials, boolean fingerprint) {

    public StunRequest {
        attributes = List.copyOf(attributes);
    }

    /** A plain Binding request over UDP with FINGERPRINT. */
    public static StunRequest binding(InetSocketAddress local, InetSocketAddress server) {
        return new StunRequest(Transport.UDP, local, server, Method.BINDING, List.of(), null, true);
    }

    public StunRequest withAttributes(List<StunAttribute> list) {
        return new StunRequest(transport, local, server, method, list, credentials, fingerprint);
    }

    public StunRequest withCredentials(StunCredentials c) {
        return new StunRequest(transport, local, server, method, attributes, c, fingerprint);
    }
}
