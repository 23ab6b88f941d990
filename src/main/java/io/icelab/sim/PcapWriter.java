package io.icelab.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Classic pcap (draft-ietf-opsawg-pcap): the 24-byte file header with the nanosecond magic
 * {@code 0xA1B23C4D}, then a 16-byte record header per frame. Little-endian, as libpcap writes it on
 * x86, so files are byte for byte what the earlier libpcap-based writer produced.
 */
final class PcapWriter implements CaptureWriter {
    static final int MAGIC_NANOS = 0xA1B23C4D;
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    PcapWriter(OutputStream out) throws IOException {
        this.out = out;
        header.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_RAW);
        out.write(header.array(), 0, 24);
    }

    @Override
    public void frame(long epochNanos, String iface, byte[] frame) throws IOException {
        header.clear();
        header.putInt((int) (epochNanos / 1_000_000_000L)).putInt((int) (epochNanos % 1_000_000_000L))
                .putInt(frame.length).putInt(frame.length);
        out.write(header.array(), 0, 16);
        out.write(frame);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
