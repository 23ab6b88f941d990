package io.icelab.sim;

import java.nio.file.Path;
import java.util.Locale;

/** The capture file formats icelab writes. */
public enum CaptureFormat {
    /** Classic pcap, nanosecond magic, one link type for the whole file: for tools that read nothing newer. */
    PCAP,
    /** pcapng (draft-ietf-opsawg-pcapng): one interface per realm, named after it. */
    PCAPNG;

    /** {@code .pcapng} files are pcapng; anything else ({@code .pcap}, {@code .cap}) is classic pcap. */
    public static CaptureFormat forFile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pcapng") ? PCAPNG : PCAP;
    }
}
