package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamFramerTest {

    static List<byte[]> messages(SplittableRandom r, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(StunMessageBuilder.request(Method.BINDING, TransactionId.random(r))
                    .add(new TurnAttribute.Data(RandomMessages.bytes(r, 0, 300))).fingerprint().encode());
        }
        return out;
    }

    static List<Bytes> feedInChunks(StreamFramer f, byte[] stream, SplittableRandom r) throws StunDecodeException {
        List<Bytes> frames = new ArrayList<>();
        for (int p = 0; p < stream.length; ) {
            int n = Math.min(stream.length - p, 1 + r.nextInt(40));
            f.feed(stream, p, n);
            p += n;
            for (Bytes b; (b = f.poll()) != null; ) {
                frames.add(b);
            }
        }
        return frames;
    }

    @Test
    void rfc4571_framesSplitAcrossReadsAndSeveralPerRead_comeOutWhole() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        List<byte[]> msgs = messages(r, 50);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] m : msgs) {
            stream.write(StreamFramer.frame4571(m));
        }
        StreamFramer f = new StreamFramer(StreamFramer.Framing.RFC4571);
        List<Bytes> frames = feedInChunks(f, stream.toByteArray(), r);
        assertThat(frames).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(frames.get(i).toArray()).isEqualTo(msgs.get(i));
        }
        assertThat(f.buffered()).isZero();
    }

    @Test
    void unframedStunAndPaddedChannelData_backToBack() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        List<byte[]> msgs = messages(r, 20);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] m : msgs) {
            stream.write(m);
            stream.write(new byte[] {0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0}); // 5 bytes, padded to 8
        }
        StreamFramer f = new StreamFramer(StreamFramer.Framing.STUN);
        List<Bytes> frames = feedInChunks(f, stream.toByteArray(), r);
        assertThat(frames).hasSize(40);
        assertThat(frames.get(0).toArray()).isEqualTo(msgs.get(0));
        assertThat(frames.get(1).hex()).isEqualTo("400100050102030405");
        assertThat(StunDecoder.decode(frames.get(38)).fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
    }

    /** coturn's clients use RFC 5766's channels up to 0x7FFF; the framer frames them, the server judges them. */
    @Test
    void rfc5766ChannelNumbers_areFramedToo() throws Exception {
        StreamFramer f = new StreamFramer(StreamFramer.Framing.STUN);
        f.feed(new byte[] {0x61, 0x7f, 0x00, 0x02, 9, 9, 0, 0, 0x7f, (byte) 0xff, 0x00, 0x00});
        assertThat(f.poll().hex()).isEqualTo("617f00020909");
        assertThat(f.poll().hex()).isEqualTo("7fff0000");
        f.feed(new byte[] {(byte) 0x80, 0, 0, 0});
        assertThat(catchThrowableOfType(StunDecodeException.class, f::poll).reason())
                .isEqualTo(StunDecodeException.Reason.NOT_STUN);
    }

    @Test
    void byteAtATime_sameResult() throws Exception {
        byte[] a = messages(new SplittableRandom(3), 1).get(0);
        StreamFramer f = new StreamFramer(StreamFramer.Framing.RFC4571);
        byte[] framed = StreamFramer.frame4571(a);
        List<Bytes> out = new ArrayList<>();
        for (byte b : framed) {
            f.feed(new byte[] {b});
            for (Bytes x; (x = f.poll()) != null; ) {
                out.add(x);
            }
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0).toArray()).isEqualTo(a);
    }

    @Test
    void garbageInAStunStream_isATypedErrorWithTheStreamOffset() throws Exception {
        StreamFramer f = new StreamFramer(StreamFramer.Framing.STUN);
        byte[] m = messages(new SplittableRandom(4), 1).get(0);
        f.feed(m);
        f.feed(new byte[] {(byte) 0x99, 0, 0, 0});
        assertThat(f.poll()).isNotNull();
        StunDecodeException e = catchThrowableOfType(StunDecodeException.class, f::poll);
        assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.NOT_STUN);
        assertThat(e.offset()).isEqualTo(m.length);
    }

    @Test
    void oversizeFrame_isRefusedBeforeBuffering() {
        StreamFramer f = new StreamFramer(StreamFramer.Framing.STUN, 1500);
        f.feed(new byte[] {0, 1, 0x10, 0});
        StunDecodeException e = catchThrowableOfType(StunDecodeException.class, f::poll);
        assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.FRAME_TOO_LARGE);
    }
}
