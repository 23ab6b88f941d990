package io.icelab.replay;

import io.icelab.stun.Bytes;
import io.icelab.stun.PacketKind;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.turn.ChannelData;

/** RFC 7983 §7 demultiplexing of one datagram or one framed message, then decoding. */
final class PayloadClassifier {
    private PayloadClassifier() {
    }

    static CapturedMessage.Content classify(byte[] payload) {
        if (payload.length == 0) {
            return new CapturedMessage.Other("empty", 0);
        }
        return switch (PacketKind.classify(payload[0])) {
            case STUN -> {
                try {
                    yield new CapturedMessage.Stun(StunDecoder.decode(Bytes.wrap(payload)));
                } catch (StunDecodeException e) {
                    // with the magic cookie it claims to be STUN (RFC 8489 §6); without, it is other traffic
                    // whose first byte falls in STUN's range (RFC 7983 leaves 0-3 to STUN, not everyone obeys)
                    yield hasCookie(payload) ? new CapturedMessage.DecodeError(e, (payload[0] & 0xff) << 8 | (payload[1] & 0xff))
                            : new CapturedMessage.Other("unknown", payload.length);
                }
            }
            case CHANNEL_DATA -> {
                try {
                    yield new CapturedMessage.ChannelDataFrame(ChannelData.decode(Bytes.wrap(payload), ChannelData.Range.RFC5766));
                } catch (StunDecodeException e) {
                    yield new CapturedMessage.Other("unknown", payload.length); // 64-79 is also plain data
                }
            }
            case DTLS -> new CapturedMessage.Other("DTLS", payload.length);
            case RTP_RTCP -> new CapturedMessage.Other("RTP/RTCP", payload.length);
            case ZRTP -> new CapturedMessage.Other("ZRTP", payload.length);
            case OTHER -> new CapturedMessage.Other("unknown", payload.length);
        };
    }

    private static boolean hasCookie(byte[] p) {
        return p.length >= 8 && java.nio.ByteBuffer.wrap(p, 4, 4).getInt() == io.icelab.stun.StunMessage.MAGIC_COOKIE;
    }
}
