package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The captures recorded from real runs (captures/recorded) lint clean with their credentials sidecars. */
class RecordedCapturesTest {

    @Test
    void everyRecordedCapture_hasASidecar_andLintsCleanWithEveryIntegrityChecked() throws Exception {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("captures", "recorded"), "*.pcap")) {
            s.forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Credentials c = Credentials.forCapture(f);
            assertThat(c.isEmpty()).as("%s has a credentials sidecar", f).isFalse();
            CaptureAnalysis a = CaptureAnalysis.of(f);
            List<Finding> findings = CaptureLint.lint(a, c);
            assertThat(findings).as(f.toString()).noneMatch(x -> x.severity() != Finding.Severity.INFO);
            assertThat(findings).as(f.toString()).anyMatch(x -> x.rule().equals("RFC8489-14.5")
                    && x.text().matches("MESSAGE-INTEGRITY checked on [1-9]\\d* message\\(s\\); 0 could not be checked.*"));
        }
    }
}
