package io.icelab.stun;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/** The 96-bit STUN transaction id (RFC 8489 §5), held as two primitives so it costs no array. */
public record TransactionId(long high, int low) {

    /** 96 bits, in bytes (RFC 8489 §5). */
    public static final int LENGTH = 12;

    /**
     * RFC 8489 §5: "uniformly and randomly chosen from the interval 0 .. 2**96-1".
     *
     * @param random the generator
     * @return the id
     */
    public static TransactionId random(RandomGenerator random) {
        return new TransactionId(random.nextLong(), random.nextInt());
    }

    /**
     * Reads an id.
     *
     * @param buf the bytes
     * @param offset where the 12 bytes start
     * @return the id
     */
    public static TransactionId read(byte[] buf, int offset) {
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = h << 8 | (buf[offset + i] & 0xff);
        }
        int l = 0;
        for (int i = 8; i < 12; i++) {
            l = l << 8 | (buf[offset + i] & 0xff);
        }
        return new TransactionId(h, l);
    }

    /**
     * An id from 24 hex digits.
     *
     * @param hex the digits
     * @return the id
     */
    public static TransactionId fromHex(String hex) {
        Bytes b = Bytes.fromHex(hex);
        if (b.length() != LENGTH) {
            throw new IllegalArgumentException("a transaction id is 12 bytes, got " + b.length());
        }
        return read(b.toArray(), 0);
    }

    /**
     * Writes the 12 bytes.
     *
     * @param out where they go
     */
    public void write(ByteBuffer out) {
        out.putLong(high).putInt(low);
    }

    /**
     * The 12 bytes.
     *
     * @return a new array
     */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        ByteBuffer.wrap(b).putLong(high).putInt(low);
        return b;
    }

    /**
     * The id in lower-case hex.
     *
     * @return 24 hex digits
     */
    public String hex() {
        return Bytes.wrap(toBytes()).hex();
    }

    @Override
    public String toString() {
        return hex();
    }
}
