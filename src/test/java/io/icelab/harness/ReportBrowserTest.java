package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.icelab.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report a person opens: `icelab run` builds it, and headless Chromium (in a network namespace with
 * only `lo`, see .ci/check-report.sh) opens its overview and behaviours pages without console errors.
 */
class ReportBrowserTest {

    @Test
    void theGeneratedReportOpensInChromiumWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        boolean chromium = Files.isExecutable(Path.of("/usr/bin/chromium"));
        if (!chromium && System.getenv("CI") != null) {
            throw new AssertionError("chromium is not installed, but CI must have it: .ci/run installs it");
        }
        assumeTrue(chromium, "chromium not installed (apt-get install chromium); skipped outside CI");
        StringWriter out = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "run",
                "features/stun", "--results", dir.resolve("results").toString(), "--report",
                dir.resolve("report").toString());
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("report    ");
        assertThat(dir.resolve("report").resolve("index.html")).exists();
        for (String page : new String[] {"", "#behaviors"}) {
            Path shot = dir.resolve("shot" + page.length() + ".png");
            ProcessBuilder pb = new ProcessBuilder("bash", ".ci/check-report.sh", dir.resolve("report").toString(),
                    shot.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("check.log").toFile());
            pb.environment().put("ALLURE_PAGE", page);
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("check.log"));
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).contains("without console errors");
            assertThat(Files.size(shot)).as("a screenshot with content").isGreaterThan(10_000);
        }
    }
}
