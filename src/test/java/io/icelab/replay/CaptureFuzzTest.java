package io.icelab.replay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target of the capture readers and everything after them (issue 13): pcap or pcapng bytes are
 * frames or a typed CaptureException naming the block or frame; the frames go through link, IP, TCP
 * reassembly, message classification and every lint rule without throwing.
 */
class CaptureFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void captureFile(byte[] data) {
        List<RawFrame> frames;
        try {
            frames = CaptureFile.read("fuzz.pcap", data);
        } catch (CaptureFile.CaptureException e) {
            return;
        }
        CaptureAnalysis a = CaptureAnalysis.of(Path.of("fuzz.pcap"), frames);
        CaptureLint.lint(a);
        a.summary();
    }
}
