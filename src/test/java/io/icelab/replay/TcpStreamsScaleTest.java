package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP reassembly is linear in the number of segments (issue 13): 600,000 one-byte segments carrying
 * 30,000 STUN messages are read in well under the guard (the old per-message scan of every segment took
 * 49 s and 1 GB), and every message is found, attributed to the frame of its first byte.
 */
class TcpStreamsScaleTest {

    @Test
    void sixHundredThousandOneByteSegments_areReassembledQuickly() {
        byte[] message = new byte[20];
        message[1] = 1; // Binding request
        message[4] = 0x21;
        message[5] = 0x12;
        message[6] = (byte) 0xa4;
        message[7] = 0x42;
        int messages = 30_000;
        List<RawFrame> frames = new ArrayList<>(messages * 20);
        long seq = 1000;
        for (int m = 0; m < messages; m++) {
            message[19] = (byte) m;
            message[18] = (byte) (m >> 8);
            for (int i = 0; i < 20; i++) {
                frames.add(new RawFrame(frames.size() + 1, frames.size() * 1000L, FrameDecoder.DLT_RAW,
                        tcp(seq++, message[i])));
            }
        }
        CaptureAnalysis a = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CaptureAnalysis.of(Path.of("many-segments.pcap"), frames));
        assertThat(a.frames()).isEqualTo(600_000);
        assertThat(a.stunCounts()).containsEntry("Binding Request", messages);
        assertThat(a.messages().get(1).frame()).as("the second message starts in frame 21").isEqualTo(21);
        assertThat(a.messages().get(messages - 1).frame()).isEqualTo(600_000 - 19);
    }

    /** IPv4 (192.0.2.1 → 192.0.2.2) and TCP (5000 → 3478, PSH ACK) around one payload byte. */
    static byte[] tcp(long seq, byte payload) {
        byte[] b = new byte[41];
        b[0] = 0x45;
        b[3] = 41;
        b[8] = 64;
        b[9] = 6;
        b[12] = (byte) 192;
        b[14] = 2;
        b[15] = 1;
        b[16] = (byte) 192;
        b[18] = 2;
        b[19] = 2;
        b[20] = (byte) (5000 >> 8);
        b[21] = (byte) 5000;
        b[22] = (byte) (3478 >> 8);
        b[23] = (byte) 3478;
        b[24] = (byte) (seq >> 24);
        b[25] = (byte) (seq >> 16);
        b[26] = (byte) (seq >> 8);
        b[27] = (byte) seq;
        b[32] = 0x50;
        b[33] = 0x18;
        b[34] = (byte) 0xff;
        b[35] = (byte) 0xff;
        b[40] = payload;
        return b;
    }
}
