package io.icelab.sim;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;

/** Sends one fixed datagram and reports the STUN message that comes back. */
final class OneShot implements SansIo<String> {
    private Datagram pending;
    private String event;

    OneShot(InetSocketAddress local, InetSocketAddress to, byte[] payload) {
        pending = new Datagram(Transport.UDP, local, to, Bytes.wrap(payload));
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        try {
            event = "got " + StunDecoder.decode(d.payload()).attributes();
        } catch (StunDecodeException e) {
            event = "got garbage: " + e.getMessage();
        }
    }

    @Override
    public Datagram pollTransmit(long now) {
        Datagram d = pending;
        pending = null;
        return d;
    }

    @Override
    public String pollEvent() {
        String e = event;
        event = null;
        return e;
    }
}
