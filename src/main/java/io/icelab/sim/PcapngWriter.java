package io.icelab.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * pcapng (draft-ietf-opsawg-pcapng): a Section Header Block, then an Interface Description Block the
 * first time an interface (a realm) is seen, named after it with {@code if_name} and nanosecond
 * {@code if_tsresol}, and an Enhanced Packet Block per frame. Little-endian. Interfaces are numbered in
 * the order they first carry a packet, so the same run gives the same bytes.
 */
final class PcapngWriter implements CaptureWriter {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final short OPT_END = 0;
    static final short SHB_USERAPPL = 4;
    static final short IF_NAME = 2;
    static final short IF_TSRESOL = 9;

    private final OutputStream out;
    private final Map<String, Integer> interfaces = new LinkedHashMap<>();

    PcapngWriter(OutputStream out) throws IOException {
        this.out = out;
        Block shb = new Block(SHB, 64);
        shb.body.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
        shb.option(SHB_USERAPPL, "icelab".getBytes(StandardCharsets.UTF_8)).endOptions();
        shb.writeTo(out);
    }

    @Override
    public void frame(long epochNanos, String iface, byte[] frame) throws IOException {
        Integer id = interfaces.get(iface);
        if (id == null) {
            id = interfaces.size();
            interfaces.put(iface, id);
            Block idb = new Block(IDB, 32 + iface.length() * 4);
            idb.body.putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(SNAPLEN);
            idb.option(IF_NAME, iface.getBytes(StandardCharsets.UTF_8)).option(IF_TSRESOL, new byte[] {9})
                    .endOptions();
            idb.writeTo(out);
        }
        Block epb = new Block(EPB, 24 + frame.length);
        epb.body.putInt(id).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos).putInt(frame.length)
                .putInt(frame.length);
        epb.padded(frame);
        epb.writeTo(out);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** One block being built: type, body (padded to 32 bits), and the total length before and after. */
    private static final class Block {
        private final int type;
        private final ByteBuffer body;

        Block(int type, int capacity) {
            this.type = type;
            this.body = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }

        Block padded(byte[] bytes) {
            body.put(bytes);
            body.put(new byte[(4 - bytes.length % 4) % 4]);
            return this;
        }

        Block option(short code, byte[] value) {
            body.putShort(code).putShort((short) value.length);
            return padded(value);
        }

        Block endOptions() {
            body.putShort(OPT_END).putShort((short) 0);
            return this;
        }

        void writeTo(OutputStream out) throws IOException {
            int total = 12 + body.position();
            ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(type).putInt(total).put(body.array(), 0, body.position()).putInt(total);
            out.write(b.array());
        }
    }
}
