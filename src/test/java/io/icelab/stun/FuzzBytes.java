package io.icelab.stun;

import java.util.Arrays;

/**
 * Reads a fuzzer's raw bytes as a stream of small choices (a byte, a short, a slice), returning zeros once
 * they run out, so every input is a valid script of actions. byte[] targets need no native support in
 * Jazzer's regression mode, which is how `mvn verify` replays them.
 */
public final class FuzzBytes {
    private final byte[] data;
    private int at;

    public FuzzBytes(byte[] data) {
        this.data = data;
    }

    public boolean more() {
        return at < data.length;
    }

    public int u8() {
        return at < data.length ? data[at++] & 0xff : 0;
    }

    public int u16() {
        return u8() << 8 | u8();
    }

    /** A choice among {@code n}. */
    public int pick(int n) {
        return u8() % n;
    }

    /** The next {@code n} bytes (fewer at the end). */
    public byte[] take(int n) {
        int k = Math.max(0, Math.min(n, data.length - at));
        byte[] out = Arrays.copyOfRange(data, at, at + k);
        at += k;
        return out;
    }

    /** A slice whose length is the next byte. */
    public byte[] slice() {
        return take(u8());
    }
}
