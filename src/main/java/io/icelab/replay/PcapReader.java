package io.icelab.replay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic pcap (draft-ietf-opsawg-pcap): the microsecond ({@code 0xA1B2C3D4}) or nanosecond
 * ({@code 0xA1B23C4D}) magic in either byte order, a 24-byte file header, then a 16-byte record header
 * and the captured bytes per frame.
 */
final class PcapReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    /** libpcap's own ceiling on a record (MAXIMUM_SNAPLEN); a larger length means a damaged file. */
    static final int MAX_RECORD = 262_144;

    private final CaptureInput in;

    PcapReader(CaptureInput in) {
        this.in = in;
    }

    static boolean isPcap(byte[] first) {
        if (first.length < 4) {
            return false;
        }
        int le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        return le == MAGIC_MICROS || le == MAGIC_NANOS || be == MAGIC_MICROS || be == MAGIC_NANOS;
    }

    List<RawFrame> read() throws CaptureFile.CaptureException {
        ByteBuffer h = in.read(24, ByteOrder.LITTLE_ENDIAN, "pcap file header");
        int magic = h.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            h.order(ByteOrder.BIG_ENDIAN);
            magic = h.getInt(0);
        }
        long fractionToNanos = magic == MAGIC_NANOS ? 1 : 1_000;
        int linkType = h.getInt(20) & 0xffff; // the upper bits carry FCS information (draft-ietf-opsawg-pcap §4)
        ByteOrder order = h.order();
        List<RawFrame> frames = new ArrayList<>();
        while (!in.atEnd()) {
            int number = frames.size() + 1;
            long at = in.offset();
            ByteBuffer r = in.read(16, order, "frame " + number + " record header");
            long seconds = r.getInt(0) & 0xffffffffL;
            long fraction = r.getInt(4) & 0xffffffffL;
            long captured = r.getInt(8) & 0xffffffffL;
            if (captured > MAX_RECORD) {
                throw in.error("frame " + number + ": captured length " + captured + " is over " + MAX_RECORD
                        + " bytes; the file is damaged", at);
            }
            byte[] bytes = in.read((int) captured, order, "frame " + number).array();
            frames.add(new RawFrame(number, seconds * 1_000_000_000L + fraction * fractionToNanos, linkType, bytes));
        }
        return frames;
    }
}
