package io.icelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds the HTML report from one or more Allure results folders with the Allure commandline. */
final class AllureCommandline {
    private AllureCommandline() {
    }

    /** {@code exe} null means the copy Maven unpacks into target/allure-commandline. True when the report was built. */
    static boolean generate(ReportOptions options, List<Path> results, Path report, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        return generate(options.allure, options.layout, results, report, out, err);
    }

    static boolean generate(Path exe, ReportLayout layout, List<Path> results, Path report, PrintWriter out,
            PrintWriter err) throws IOException, InterruptedException {
        Path allure = exe != null ? exe : find();
        if (allure == null) {
            err.println("no Allure commandline found: run `mvn -B generate-resources` (it unpacks it into"
                    + " target/allure-commandline) or pass --allure; results are in " + results);
            return false;
        }
        List<String> cmd = new ArrayList<>(List.of(allure.toString(), "generate"));
        results.forEach(r -> cmd.add(r.toString()));
        cmd.addAll(List.of("-o", report.toString(), "--clean"));
        if (layout == ReportLayout.SINGLE_FILE) {
            cmd.add("--single-file");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            err.println("allure generate did not finish in 300 s");
            return false;
        }
        if (p.exitValue() != 0) {
            err.println("allure generate failed with exit code " + p.exitValue());
            return false;
        }
        Path index = report.resolve("index.html").toAbsolutePath().normalize();
        out.println("report    " + index);
        if (layout == ReportLayout.SINGLE_FILE) {
            out.println("open it   " + index.toUri() + "  (one file: any browser opens it from the disk, no server)");
        } else {
            out.println("open it   serve the folder, e.g. python3 -m http.server -d " + report.toAbsolutePath().normalize()
                    + ", then http://127.0.0.1:8000/ (browsers refuse these folders from the disk)");
        }
        return true;
    }

    private static Path find() throws IOException {
        Path base = Path.of("target", "allure-commandline");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (var s = Files.list(base)) {
            return s.map(d -> d.resolve("bin").resolve("allure")).filter(Files::isExecutable).sorted().findFirst()
                    .orElse(null);
        }
    }
}
