package io.icelab.stun;

import java.util.Arrays;

/**
 * Splits a byte stream into messages, incrementally: a frame may arrive split across reads, and one
 * read may carry several frames. Two framings exist on STUN's stream transports:
 * <ul>
 *   <li>{@link Framing#RFC4571}: each frame is prefixed with a 16-bit length (ICE-TCP, RFC 6544 §3);</li>
 *   <li>{@link Framing#STUN}: STUN messages and ChannelData back to back, each sized by its own header
 *       (TURN over TCP, RFC 8656 §12.5, ChannelData padded to 4 on streams).</li>
 * </ul>
 * A stream that cannot be framed is broken for good: {@link #poll()} then throws, and the driver closes it.
 */
public final class StreamFramer {
    /** How frames are delimited on the stream. */
    public enum Framing {
        /** Each frame prefixed with its 16-bit length (RFC 4571, ICE-TCP). */
        RFC4571,
        /** STUN messages and ChannelData, each sized by its own header (TURN over TCP). */
        STUN,
        /**
         * No frames: the bytes as they arrive, all of them at each poll (RFC 6062 §5: a bound data connection and
         * its peer connection carry the application's own stream).
         */
        NONE
    }

    /**
     * The largest legal frame: a STUN header and a 65,535-byte body (the length field's maximum); a
     * ChannelData header, 65,535 bytes and its padding (RFC 8656 §12.5) is smaller.
     */
    public static final int MAX_FRAME = StunMessage.HEADER_LENGTH + 0xffff;

    private final Framing framing;
    private final int maxFrame;
    private byte[] buf = new byte[2048];
    private int start;
    private int end;
    private long consumed;

    /**
     * A framer accepting frames up to {@link #MAX_FRAME} bytes.
     *
     * @param framing how frames are delimited
     */
    public StreamFramer(Framing framing) {
        this(framing, MAX_FRAME);
    }

    /**
     * A framer with a smaller limit; a longer frame breaks the stream.
     *
     * @param framing how frames are delimited
     * @param maxFrame the largest frame accepted
     */
    public StreamFramer(Framing framing, int maxFrame) {
        this.framing = framing;
        this.maxFrame = maxFrame;
    }

    /**
     * Appends bytes read from the stream.
     *
     * @param data the bytes
     * @param off where they start
     * @param len how many
     */
    public void feed(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len > buf.length) {
                buf = Arrays.copyOf(Arrays.copyOfRange(buf, start, end), Math.max(buf.length * 2, live + len));
            } else {
                System.arraycopy(buf, start, buf, 0, live);
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * Appends bytes read from the stream.
     *
     * @param data the bytes
     */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /**
     * Takes every byte received but not yet returned as a frame: a stream that stops being framed (RFC 6062
     * §5.4, the data connection after ConnectionBind) goes on with them.
     *
     * @return the bytes, maybe none
     */
    public byte[] drain() {
        byte[] rest = Arrays.copyOfRange(buf, start, end);
        consumed += end - start;
        start = end;
        return rest;
    }

    /**
     * Bytes received but not yet returned as a frame.
     *
     * @return their number
     */
    public int buffered() {
        return end - start;
    }

    /**
     * The next complete frame (its payload, without the RFC 4571 length prefix), or null until more
     * bytes arrive. Throws when the stream holds something that cannot be a frame; the offset in the
     * error counts from the start of the stream.
     *
     * @return the frame, or null
     * @throws StunDecodeException when the stream cannot be framed
     */
    public Bytes poll() throws StunDecodeException {
        int avail = end - start;
        if (framing == Framing.NONE) {
            return avail == 0 ? null : Bytes.wrap(drain());
        }
        if (framing == Framing.RFC4571) {
            if (avail < 2) {
                return null;
            }
            int len = (buf[start] & 0xff) << 8 | (buf[start + 1] & 0xff);
            if (avail < 2 + len) {
                return null;
            }
            return take(2, len, 2 + len);
        }
        if (avail < 4) {
            return null;
        }
        PacketKind kind = PacketKind.classify(buf[start]);
        int declared = (buf[start + 2] & 0xff) << 8 | (buf[start + 3] & 0xff);
        int frame;
        int wire;
        if (kind == PacketKind.STUN) {
            frame = StunMessage.HEADER_LENGTH + declared;
            wire = frame;
        } else if (kind == PacketKind.CHANNEL_DATA || (buf[start] & 0xc0) == 0x40) {
            // 0x4000-0x7FFF: RFC 5766 channels too (RFC 8656 narrowed them to 0x4FFF; the server decides)
            frame = 4 + declared;
            wire = frame + 3 & ~3; // RFC 8656 §12.5: padded to a multiple of 4 over streams
        } else {
            throw new StunDecodeException(StunDecodeException.Reason.NOT_STUN, (int) consumed,
                    String.format("first byte 0x%02x of a frame is neither STUN nor ChannelData", buf[start] & 0xff));
        }
        if (wire > maxFrame) {
            throw new StunDecodeException(StunDecodeException.Reason.FRAME_TOO_LARGE, (int) consumed,
                    wire + " bytes, at most " + maxFrame);
        }
        if (avail < wire) {
            return null;
        }
        return take(0, frame, wire);
    }

    private Bytes take(int skip, int len, int advance) {
        Bytes out = Bytes.wrap(Arrays.copyOfRange(buf, start + skip, start + skip + len));
        start += advance;
        consumed += advance;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return out;
    }

    /**
     * Prefixes a frame with its RFC 4571 length.
     *
     * @param payload the frame
     * @return the length and the frame
     */
    public static byte[] frame4571(byte[] payload) {
        if (payload.length > 0xffff) {
            throw new IllegalArgumentException("RFC 4571 frames carry at most 65535 bytes, got " + payload.length);
        }
        byte[] out = new byte[payload.length + 2];
        out[0] = (byte) (payload.length >>> 8);
        out[1] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }
}
