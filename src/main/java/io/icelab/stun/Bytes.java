package io.icelab.stun;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable view of a byte range. Decoding wraps the caller's buffer without copying, so the
 * caller hands ownership of a datagram's array to the decoder and must not change it afterwards.
 * Equality is by content, so records holding {@code Bytes} compare by value.
 */
public final class Bytes {
    /**
     * No bytes.
     */
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Wraps without copying; see the class comment on ownership.
     *
     * @param array the bytes, not to be changed afterwards
     * @param offset where the view starts
     * @param length how many bytes it has
     * @return a view of {@code array[offset, offset + length)}
     */
    public static Bytes wrap(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + array.length);
        }
        return new Bytes(array, offset, length);
    }

    /**
     * Wraps a whole array without copying.
     *
     * @param array the bytes, not to be changed afterwards
     * @return a view of all of {@code array}
     */
    public static Bytes wrap(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    /**
     * Copies an array.
     *
     * @param array the bytes
     * @return a view of a copy, safe from later changes to {@code array}
     */
    public static Bytes copyOf(byte[] array) {
        return new Bytes(array.clone(), 0, array.length);
    }

    /**
     * Parses hex, ignoring white space.
     *
     * @param text hex digits, in pairs
     * @return the bytes
     * @throws IllegalArgumentException naming the bad character and its index, or an odd count
     */
    public static Bytes fromHex(CharSequence text) {
        byte[] out = new byte[text.length() / 2 + 1];
        int n = 0;
        int high = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                throw new IllegalArgumentException("not a hex digit at index " + i + ": '" + c + "'");
            }
            if (high < 0) {
                high = v;
            } else {
                out[n++] = (byte) (high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return new Bytes(Arrays.copyOf(out, n), 0, n);
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    /**
     * The number of bytes.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Whether there are no bytes.
     *
     * @return true when the length is 0
     */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * One byte, unsigned.
     *
     * @param index 0 to length - 1
     * @return 0 to 255
     */
    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index] & 0xff;
    }

    /**
     * A copy of the bytes.
     *
     * @return a new array
     */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * A view of part of these bytes, without copying.
     *
     * @param from the first index
     * @param len how many bytes
     * @return the view
     */
    public Bytes slice(int from, int len) {
        if (from < 0 || len < 0 || from > length - len) {
            throw new IndexOutOfBoundsException("slice " + from + "+" + len + " of " + length);
        }
        return new Bytes(array, offset + from, len);
    }

    /**
     * Puts the bytes into a buffer.
     *
     * @param out a buffer with room for them
     */
    public void writeTo(ByteBuffer out) {
        out.put(array, offset, length);
    }

    /**
     * Copies the bytes into an array.
     *
     * @param dst the array
     * @param dstOffset where they go
     */
    public void copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(array, offset, dst, dstOffset, length);
    }

    /**
     * The bytes as lower-case hex, two digits each.
     *
     * @return the hex text
     */
    public String hex() {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = array[offset + i] & 0xff;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }

    /**
     * The bytes decoded as UTF-8 (malformed input replaced).
     *
     * @return the text
     */
    public String utf8() {
        return new String(array, offset, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return hex();
    }
}
