package io.icelab.net;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.util.ArrayDeque;

/** A UDP peer that sends every datagram back where it came from. */
final class Echo implements SansIo<String> {
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();

    @Override
    public void handleDatagram(long now, Datagram d) {
        out.add(d);
    }

    @Override
    public Datagram pollTransmit(long now) {
        return out.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_DEADLINE;
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public String pollEvent() {
        return null;
    }
}
