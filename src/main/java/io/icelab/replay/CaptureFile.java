package io.icelab.replay;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/** Reads every frame of a pcap or pcapng file with libpcap (through pcap4j), in file order. */
public final class CaptureFile {
    private CaptureFile() {
    }

    public static List<RawFrame> read(Path file) throws CaptureException {
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(file + ": no such file");
        }
        List<RawFrame> frames = new ArrayList<>();
        PcapHandle h;
        try {
            h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureException(file + ": not a capture libpcap can read: " + e.getMessage());
        }
        try {
            int dlt = h.getDlt().value();
            while (true) {
                byte[] b;
                try {
                    b = h.getNextRawPacketEx();
                } catch (EOFException end) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                java.sql.Timestamp ts = h.getTimestamp();
                long nanos = ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos();
                frames.add(new RawFrame(frames.size() + 1, nanos, dlt, b));
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new CaptureException(file + ": frame " + (frames.size() + 1) + ": " + e.getMessage());
        } finally {
            h.close();
        }
        return frames;
    }

    /** A capture that cannot be opened or read, with the file and frame it stopped at. */
    public static final class CaptureException extends IOException {
        public CaptureException(String message) {
            super(message);
        }
    }
}
