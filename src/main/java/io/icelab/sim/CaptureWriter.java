package io.icelab.sim;

import java.io.IOException;
import java.io.OutputStream;

/** Writes raw-IP frames (LINKTYPE_RAW) to a capture file, in one of the {@link CaptureFormat}s. Not thread-safe. */
interface CaptureWriter {
    /** LINKTYPE_RAW: the frame starts with the IPv4 or IPv6 header. */
    int LINKTYPE_RAW = 101;
    /** Longest frame a reader is told to expect. */
    int SNAPLEN = 65_536;

    /** Writes one frame seen on interface {@code iface} at {@code epochNanos} (nanoseconds since 1970). */
    void frame(long epochNanos, String iface, byte[] frame) throws IOException;

    void close() throws IOException;

    static CaptureWriter open(CaptureFormat format, OutputStream out) throws IOException {
        return format == CaptureFormat.PCAPNG ? new PcapngWriter(out) : new PcapWriter(out);
    }
}
