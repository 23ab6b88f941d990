package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.StunDecodeException;

/**
 * A ChannelData message (RFC 8656 §12.4): a 16-bit channel number 0x4000-0x4FFF, a 16-bit length
 * and the application data. Over UDP the padding to 4 is optional on receive (and bytes after the
 * declared length are ignored); over stream transports it is required.
 */
public record ChannelData(int channel, Bytes data) {
    /** RFC 8656 §12: the first channel number. */
    public static final int MIN_CHANNEL = 0x4000;
    /** RFC 8656 §12: the last channel number. */
    public static final int MAX_CHANNEL = 0x4fff;
    /** RFC 5766 allowed channels up to 0x7FFF; coturn's clients still use them. */
    public static final int MAX_LEGACY_CHANNEL = 0x7fff;

    /**
     * Refuses a number outside 0x4000-0x7FFF or data beyond 65,535 bytes.
     *
     * @param channel the channel number
     * @param data the application data
     */
    public ChannelData {
        if (channel < MIN_CHANNEL || channel > MAX_LEGACY_CHANNEL) {
            throw new IllegalArgumentException(String.format("channel 0x%04x is outside 0x4000-0x7FFF", channel));
        }
        if (data.length() > 0xffff) {
            throw new IllegalArgumentException("ChannelData carries at most 65535 bytes");
        }
    }

    /**
     * RFC 8656 §12: 0x4000 through 0x4FFF (RFC 5766 allowed up to 0x7FFF).
     *
     * @param channel a channel number
     * @return true in RFC 8656's range
     */
    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    /**
     * RFC 5766 §11: 0x4000 through 0x7FFF.
     *
     * @param channel a channel number
     * @return whether RFC 5766 allowed it
     */
    public static boolean isLegacyChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_LEGACY_CHANNEL;
    }

    /** Which channel numbers are valid. */
    public enum Range {
        /** RFC 8656 §12: 0x4000-0x4FFF. */
        RFC8656,
        /** RFC 5766 §11: 0x4000-0x7FFF, as older clients (coturn's among them) still use. */
        RFC5766;

        boolean contains(int channel) {
            return this == RFC8656 ? isValidChannel(channel) : isLegacyChannel(channel);
        }

        int max() {
            return this == RFC8656 ? MAX_CHANNEL : MAX_LEGACY_CHANNEL;
        }
    }

    /**
     * Decodes a ChannelData message with a channel of RFC 8656's range.
     *
     * @param b the bytes, from the header on; padding after the data is ignored
     * @return the message
     * @throws StunDecodeException TOO_SHORT, BAD_CHANNEL_NUMBER or TRUNCATED, with the offset
     */
    public static ChannelData decode(Bytes b) throws StunDecodeException {
        return decode(b, Range.RFC8656);
    }

    /**
     * Decodes a ChannelData message.
     *
     * @param b the bytes, from the header on; padding after the data is ignored
     * @param range the valid channel numbers
     * @return the message
     * @throws StunDecodeException TOO_SHORT, BAD_CHANNEL_NUMBER or TRUNCATED, with the offset
     */
    public static ChannelData decode(Bytes b, Range range) throws StunDecodeException {
        if (b.length() < 4) {
            throw new StunDecodeException(StunDecodeException.Reason.TOO_SHORT, b.length(),
                    b.length() + " bytes, a ChannelData header is 4");
        }
        int channel = b.get(0) << 8 | b.get(1);
        if (!range.contains(channel)) {
            throw new StunDecodeException(StunDecodeException.Reason.BAD_CHANNEL_NUMBER, 0,
                    String.format("channel 0x%04x is outside 0x4000-0x%04X", channel, range.max()));
        }
        int length = b.get(2) << 8 | b.get(3);
        if (4 + length > b.length()) {
            throw new StunDecodeException(StunDecodeException.Reason.TRUNCATED, 2,
                    "length " + length + " needs " + (4 + length) + " bytes, " + b.length() + " given");
        }
        return new ChannelData(channel, b.slice(4, length));
    }

    /**
     * Encodes, padded to a multiple of 4 on a stream transport (RFC 8656 §12.5).
     *
     * @param transport how it travels: UDP unpadded, TCP and TLS padded
     * @return the bytes
     */
    public byte[] encode(io.icelab.stun.Transport transport) {
        int n = 4 + data.length();
        byte[] out = new byte[transport.isReliable() ? n + 3 & ~3 : n];
        out[0] = (byte) (channel >>> 8);
        out[1] = (byte) channel;
        out[2] = (byte) (data.length() >>> 8);
        out[3] = (byte) data.length();
        data.copyTo(out, 4);
        return out;
    }
}
