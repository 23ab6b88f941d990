package io.icelab.sim;

import io.icelab.stun.PacketKind;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.Bytes;

/** A short human label for a packet: "Binding Request", "ChannelData 0x4000", "data 20 B". */
public final class PacketLabel {
    private PacketLabel() {
    }

    public static String of(Bytes payload) {
        if (payload.length() == 0) {
            return "empty";
        }
        PacketKind kind = PacketKind.classify((byte) payload.get(0));
        if (kind == PacketKind.STUN) {
            try {
                StunMessage m = StunDecoder.decode(payload);
                String cls = m.messageClass().label()
                        + (m.messageClass() == io.icelab.stun.MessageClass.ERROR_RESPONSE ? " " + m.errorCode() : "");
                String extra = m.has(io.icelab.stun.IceAttribute.UseCandidate.class) ? " USE-CANDIDATE" : "";
                return m.method().name() + " " + cls + extra;
            } catch (StunDecodeException e) {
                return "malformed STUN";
            }
        }
        if (kind == PacketKind.CHANNEL_DATA && payload.length() >= 4) {
            return String.format("ChannelData 0x%04x", payload.get(0) << 8 | payload.get(1));
        }
        return "data " + payload.length() + " B";
    }
}
