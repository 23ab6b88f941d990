package io.icelab.bench;

import io.icelab.stun.AttributeType;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.StunWriter;
import io.icelab.stun.TransactionId;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a sender does for the RFC 5769 §2.1 request (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME,
 * MESSAGE-INTEGRITY, FINGERPRINT): icelab's builder with a kept {@link Integrity}, the same with a new
 * one per message (what {@code encode()} without arguments costs), and the floor: the 76 bytes before
 * MESSAGE-INTEGRITY copied into a new buffer, the HMAC-SHA1 of a {@code Mac} keyed once written in
 * place, the CRC-32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StunEncodeBench {
    static final byte[] REQUEST = StunDecodeBench.REQUEST;
    static final int MI_OFFSET = StunDecodeBench.MI_OFFSET;

    final byte[] key = StunKeys.shortTerm(StunDecodeBench.PASSWORD);
    static final byte[] SOFTWARE = "STUN test client".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final Integrity integrity = new Integrity();
    final StunWriter writer = new StunWriter();
    final TransactionId tid = TransactionId.fromHex("b7e7a701bc34d686fa87dfae");
    final Mac floorMac = StunDecodeBench.keyedSha1(key);
    final CRC32 floorCrc = new CRC32();

    private StunMessageBuilder request() {
        return StunMessageBuilder.request(Method.BINDING, tid).paddingByte(0x20) // RFC 5769 pads with spaces
                .add(CoreAttribute.Software.of("STUN test client"))
                .add(new IceAttribute.Priority(0x6e0001ffL))
                .add(new IceAttribute.IceControlled(0x932ff9b151263b36L))
                .add(CoreAttribute.Username.of("evtj:h6vY"))
                .integrity(key).fingerprint();
    }

    @Benchmark
    public byte[] icelab() {
        return request().encode(integrity);
    }

    /** The in-place writer: the same bytes, no attribute made an object, the array returned a copy of its exact length. */
    @Benchmark
    public byte[] icelabWriter() {
        return writer.start(MessageClass.REQUEST, Method.BINDING, tid).paddingByte(0x20)
                .bytes(AttributeType.SOFTWARE, SOFTWARE)
                .int32(AttributeType.PRIORITY, 0x6e0001ff)
                .int64(AttributeType.ICE_CONTROLLED, 0x932ff9b151263b36L)
                .bytes(AttributeType.USERNAME, StunDecodeBench.USERNAME)
                .integrity(integrity, key).fingerprint().toArray();
    }

    @Benchmark
    public byte[] icelabNewIntegrity() {
        return request().encode(new Integrity());
    }

    @Benchmark
    public byte[] floor() throws ShortBufferException {
        byte[] out = new byte[REQUEST.length];
        System.arraycopy(REQUEST, 0, out, 0, MI_OFFSET);
        out[3] = (byte) (MI_OFFSET + 24 - 20);
        floorMac.update(out, 0, MI_OFFSET);
        out[MI_OFFSET] = 0;
        out[MI_OFFSET + 1] = 8;
        out[MI_OFFSET + 3] = 20;
        floorMac.doFinal(out, MI_OFFSET + 4);
        out[3] = (byte) (REQUEST.length - 20);
        floorCrc.reset();
        floorCrc.update(out, 0, MI_OFFSET + 24);
        int crc = (int) floorCrc.getValue() ^ 0x5354554e;
        out[MI_OFFSET + 24] = (byte) 0x80;
        out[MI_OFFSET + 25] = 0x28;
        out[MI_OFFSET + 27] = 4;
        out[MI_OFFSET + 28] = (byte) (crc >>> 24);
        out[MI_OFFSET + 29] = (byte) (crc >>> 16);
        out[MI_OFFSET + 30] = (byte) (crc >>> 8);
        out[MI_OFFSET + 31] = (byte) crc;
        return out;
    }
}
