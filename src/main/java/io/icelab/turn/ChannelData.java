package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.StunDecodeException;

/**
 * A ChannelData message (RFC 8656 §12.4): a 16-bit channel number 0x4000-0x4FFF, a 16-bit length
 * and the application data. Over UDP the padding to 4 is optional on receive (and bytes after the
 * declared length are ignored); over stream transports it is required.
 */
public record ChannelData(int channel, Bytes data) {
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4fff;
    /** RFC 5766 allowed channels up to 0x7FFF; coturn's clients still use them. */
    public static final int MAX_LEGACY_CHANNEL = 0x7fff;

    public ChannelData {
        if (channel < MIN_CHANNEL || channel > MAX_LEGACY_CHANNEL) {
            throw new IllegalArgumentException(String.format("channel 0x%04x is outside 0x4000-0x7FFF", channel));
        }
        if (data.length() > 0xffff) {
            throw new IllegalArgumentException("ChannelData carries at most 65535 bytes");
        }
    }

    /** RFC 8656 §12: 0x4000 through 0x4FFF (RFC 5766 allowed up to 0x7FFF). */
    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    public static boolean isLegacyChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_LEGACY_CHANNEL;
    }

    public static ChannelData decode(Bytes b) throws StunDecodeException {
        return decode(b, false);
    }

    /** {@code legacy} accepts RFC 5766's 0x4000-0x7FFF as well. */
    public static ChannelData decode(Bytes b, boolean legacy) throws StunDecodeException {
        if (b.length() < 4) {
            throw new StunDecodeException(StunDecodeException.Reason.TOO_SHORT, b.length(),
                    b.length() + " bytes, a ChannelData header is 4");
        }
        int channel = b.get(0) << 8 | b.get(1);
        if (legacy ? !isLegacyChannel(channel) : !isValidChannel(channel)) {
            throw new StunDecodeException(StunDecodeException.Reason.BAD_CHANNEL_NUMBER, 0,
                    String.format("channel 0x%04x is outside 0x4000-0x%04X", channel,
                            legacy ? MAX_LEGACY_CHANNEL : MAX_CHANNEL));
        }
        int length = b.get(2) << 8 | b.get(3);
        if (4 + length > b.length()) {
            throw new StunDecodeException(StunDecodeException.Reason.TRUNCATED, 2,
                    "length " + length + " needs " + (4 + length) + " bytes, " + b.length() + " given");
        }
        return new ChannelData(channel, b.slice(4, length));
    }

    /** Encodes; {@code padToFour} for stream transports (RFC 8656 §12.5). */
    public byte[] encode(boolean padToFour) {
        int n = 4 + data.length();
        byte[] out = new byte[padToFour ? n + 3 & ~3 : n];
        out[0] = (byte) (channel >>> 8);
        out[1] = (byte) channel;
        out[2] = (byte) (data.length() >>> 8);
        out[3] = (byte) data.length();
        data.copyTo(out, 4);
        return out;
    }
}
