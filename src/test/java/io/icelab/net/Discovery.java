package io.icelab.net;

import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.NatDiscoveryEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs an RFC 5780 discovery on a real-socket runtime to its result, bounded in time. */
final class Discovery {
    private Discovery() {
    }

    /** The behaviour found, or null when {@code maxNanos} passed first. */
    static NatBehavior run(SocketRuntime rt, NatDiscoveryClient client, long maxNanos) throws IOException {
        List<NatBehavior> result = new ArrayList<>();
        client.start(rt.nowNanos());
        rt.drive(client, e -> {
            if (e instanceof NatDiscoveryEvent.Finished f) {
                result.add(f.behavior());
            }
        }, () -> !result.isEmpty(), maxNanos);
        return result.isEmpty() ? null : result.get(0);
    }
}
