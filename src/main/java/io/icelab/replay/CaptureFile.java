package io.icelab.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads every frame of a classic pcap or a pcapng file, in file order, in Java (no libpcap). The first
 * four bytes say which: a pcap magic in either byte order, or the pcapng Section Header Block type.
 */
public final class CaptureFile {
    private CaptureFile() {
    }

    public static List<RawFrame> read(Path file) throws CaptureException {
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(file + ": no such file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(new CaptureInput(file.toString(), in, Files.size(file)));
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(file + ": " + e.getMessage());
        }
    }

    /** The same from bytes in memory; {@code name} stands for the file in errors. */
    public static List<RawFrame> read(String name, byte[] bytes) throws CaptureException {
        try {
            return read(new CaptureInput(name, new java.io.ByteArrayInputStream(bytes), bytes.length));
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(name + ": " + e.getMessage());
        }
    }

    private static List<RawFrame> read(CaptureInput input) throws IOException {
        byte[] first = input.peekMagic();
        if (PcapngReader.isPcapng(first)) {
            return new PcapngReader(input).read();
        }
        if (PcapReader.isPcap(first)) {
            return new PcapReader(input).read();
        }
        throw input.error("not a pcap or pcapng file (it starts with " + hex(first) + ")", 0);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return sb.length() == 0 ? "nothing: the file is empty" : sb.toString();
    }

    /** A capture that cannot be opened or read, with the file and frame or block it stopped at. */
    public static final class CaptureException extends IOException {
        public CaptureException(String message) {
            super(message);
        }
    }
}
