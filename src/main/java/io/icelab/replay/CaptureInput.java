package io.icelab.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A capture file read front to back: knows its offset and size, so that every length read from the
 * file is checked against what is left before anything is allocated, and every error names the file.
 */
final class CaptureInput {
    private final String file;
    private final InputStream in;
    private final long size;
    private long offset;
    private byte[] peeked;

    CaptureInput(String file, InputStream in, long size) {
        this.file = file;
        this.in = in;
        this.size = size;
    }

    long offset() {
        return offset;
    }

    long remaining() {
        return size - offset;
    }

    boolean atEnd() {
        return offset >= size;
    }

    /** The first four bytes (fewer for a shorter file), which the next read returns again. */
    byte[] peekMagic() throws IOException {
        int n = (int) Math.min(4, size);
        peeked = in.readNBytes(n);
        return peeked.clone();
    }

    /** Exactly {@code n} bytes in {@code order}; a typed error naming {@code what} when the file ends first. */
    ByteBuffer read(int n, ByteOrder order, String what) throws CaptureFile.CaptureException {
        if (n < 0 || n > remaining()) {
            throw error(what + ": needs " + n + " bytes, only " + remaining() + " left in the file", offset);
        }
        byte[] b = new byte[n];
        int have = 0;
        if (peeked != null) {
            have = Math.min(peeked.length, n);
            System.arraycopy(peeked, 0, b, 0, have);
            peeked = have == peeked.length ? null : java.util.Arrays.copyOfRange(peeked, have, peeked.length);
        }
        try {
            int got = in.readNBytes(b, have, n - have);
            if (got != n - have) {
                throw error(what + ": the file ended after " + (have + got) + " of " + n + " bytes", offset);
            }
        } catch (CaptureFile.CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw error(what + ": " + e.getMessage(), offset);
        }
        offset += n;
        return ByteBuffer.wrap(b).order(order);
    }

    CaptureFile.CaptureException error(String text, long at) {
        return new CaptureFile.CaptureException(file + ": " + text + " (offset " + at + ")");
    }
}
