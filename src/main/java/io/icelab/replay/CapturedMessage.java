package io.icelab.replay;

import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunMessage;
import io.icelab.turn.ChannelData;
import java.net.InetSocketAddress;

/** One thing found in a capture: where (frame, transport, addresses) and what. */
public record CapturedMessage(int frame, long timeNanos, String transport, InetSocketAddress source,
        InetSocketAddress destination, Content content) {

    /** What a payload turned out to be. */
    public sealed interface Content {
        /** A short label, e.g. "Binding Request", "ChannelData", "DTLS", "decode error". */
        String label();
    }

    /** A STUN or TURN message (RFC 3489 classic ones marked). */
    public record Stun(StunMessage message) implements Content {
        @Override
        public String label() {
            return (message.isClassic() ? "classic " : "") + message.method().name() + " " + message.messageClass().label();
        }
    }

    /** A TURN ChannelData frame (RFC 8656 §12). */
    public record ChannelDataFrame(ChannelData data) implements Content {
        @Override
        public String label() {
            return "ChannelData";
        }
    }

    /** Another protocol by RFC 7983's first-byte rule (DTLS, RTP/RTCP, ZRTP) or plainly unknown bytes. */
    public record Other(String protocol, int length) implements Content {
        @Override
        public String label() {
            return protocol;
        }
    }

    /** Claimed to be STUN (magic cookie) and did not decode: the typed reason and offset, and the header's type. */
    public record DecodeError(StunDecodeException error, int messageType) implements Content {
        @Override
        public String label() {
            return "decode error";
        }
    }
}
