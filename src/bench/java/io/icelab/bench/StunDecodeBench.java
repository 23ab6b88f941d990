package io.icelab.bench;

import io.icelab.stun.AttributeType;
import io.icelab.stun.Bytes;
import io.icelab.stun.Integrity;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunView;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ice4j.StunException;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a receiver does with the RFC 5769 §2.1 request: parse every attribute, recompute the
 * HMAC-SHA1 with the adjusted length, recompute the CRC-32. icelab beside ice4j (3.2-15-g6da2b08)
 * and the floor: the JDK's HMAC-SHA1 with a {@code Mac} keyed once and CRC-32 over the same bytes,
 * no parsing at all. Run: {@code mvn -Pbench test-compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StunDecodeBench {
    static final byte[] REQUEST = Bytes.fromHex("00010058 2112a442 b7e7a701 bc34d686 fa87dfae 80220010 5354554e 20746573"
            + "7420636c 69656e74 00240004 6e0001ff 80290008 932ff9b1 51263b36 00060009"
            + "6576746a 3a683676 59202020 00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249"
            + "c1b571a2 80280004 e57a3bcf").toArray();
    static final int MI_OFFSET = 76;
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    final byte[] key = StunKeys.shortTerm(PASSWORD);
    final byte[] ice4jKey = PASSWORD.getBytes(StandardCharsets.UTF_8);
    static final byte[] USERNAME = "evtj:h6vY".getBytes(StandardCharsets.UTF_8);

    final Integrity integrity = new Integrity();
    final StunView view = new StunView();
    final Mac floorMac = keyedSha1(key);
    final CRC32 floorCrc = new CRC32();

    static Mac keyedSha1(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Benchmark
    public boolean icelab() throws StunDecodeException {
        StunMessage m = StunDecoder.decode(REQUEST);
        return m.fingerprintStatus() == StunMessage.FingerprintStatus.VALID
                && integrity.verify(m, key) == Integrity.Status.VALID;
    }

    /**
     * The in-place reader on the path that sees every check: framing, FINGERPRINT, MESSAGE-INTEGRITY, and the
     * values an ICE agent reads (USERNAME compared, PRIORITY, ICE-CONTROLLED), no attribute made an object.
     */
    @Benchmark
    public boolean icelabView() throws StunDecodeException {
        StunView v = view.wrap(REQUEST);
        return v.fingerprint() == StunMessage.FingerprintStatus.VALID
                && integrity.verify(v, key) == Integrity.Status.VALID
                && v.valueEquals(v.find(AttributeType.USERNAME), USERNAME)
                && v.int32(v.find(AttributeType.PRIORITY)) != 0
                && v.int64(v.find(AttributeType.ICE_CONTROLLED)) != 0;
    }

    @Benchmark
    public boolean ice4j() throws StunException {
        Message m = Message.decode(REQUEST, 0, REQUEST.length);
        byte[] crc = FingerprintAttribute.calculateXorCRC32(REQUEST, 0, REQUEST.length - 8);
        boolean fp = Arrays.equals(crc, 0, 4, REQUEST, REQUEST.length - 4, REQUEST.length);
        byte[] copy = Arrays.copyOf(REQUEST, MI_OFFSET);
        int adjusted = MI_OFFSET + 24 - 20;
        copy[2] = (byte) (adjusted >> 8);
        copy[3] = (byte) adjusted;
        byte[] mac = MessageIntegrityAttribute.calculateHmacSha1(copy, 0, MI_OFFSET, ice4jKey);
        boolean mi = Arrays.equals(mac, 0, 20, REQUEST, MI_OFFSET + 4, MI_OFFSET + 24);
        return m != null && fp && mi;
    }

    /** The floor: the HMAC and the CRC a receiver cannot avoid, with nothing parsed. */
    @Benchmark
    public boolean floor() {
        floorMac.update(REQUEST, 0, 2);
        floorMac.update((byte) 0);
        floorMac.update((byte) (MI_OFFSET + 24 - 20));
        floorMac.update(REQUEST, 4, MI_OFFSET - 4);
        byte[] mac = floorMac.doFinal();
        floorCrc.reset();
        floorCrc.update(REQUEST, 0, REQUEST.length - 8);
        int crc = (int) floorCrc.getValue() ^ 0x5354554e;
        int want = (REQUEST[REQUEST.length - 4] & 0xff) << 24 | (REQUEST[REQUEST.length - 3] & 0xff) << 16
                | (REQUEST[REQUEST.length - 2] & 0xff) << 8 | REQUEST[REQUEST.length - 1] & 0xff;
        return crc == want && Arrays.equals(mac, 0, 20, REQUEST, MI_OFFSET + 4, MI_OFFSET + 24);
    }
}
