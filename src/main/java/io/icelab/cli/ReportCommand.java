package io.icelab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `icelab report`: one HTML report from the Allure results of several runs (the shards of a sweep). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Build one Allure report from the results folders of one or more runs.",
                "For example the shards of `icelab run --shard K/N --no-report --results DIR`."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Allure results folders")
    List<Path> results;

    @CommandLine.Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path r : results) {
            if (!Files.isDirectory(r)) {
                err.println("error: " + r + " is not a results folder");
                return 2;
            }
        }
        // the interop matrix (issue 17): one more result, "Interop matrix", drawn from the interop tests' labels
        io.icelab.harness.InteropMatrix matrix = io.icelab.harness.InteropMatrix.read(results);
        List<Path> all = results;
        Path matrixResults = null;
        if (!matrix.isEmpty()) {
            matrixResults = Files.createTempDirectory("icelab-interop-matrix");
            matrix.writeResult(matrixResults, System.currentTimeMillis());
            all = new java.util.ArrayList<>(results);
            all.add(matrixResults);
        }
        try {
            if (!AllureCommandline.generate(reportOptions, all, reportOptions.report, out, err)) {
                return 1;
            }
        } finally {
            if (matrixResults != null) {
                try (java.util.stream.Stream<Path> s = Files.walk(matrixResults)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        if (!matrix.isEmpty()) {
            // beside the report, the same page with each test linked to its page in the report
            java.util.Map<String, String> pages = io.icelab.harness.InteropMatrix.testPages(reportOptions.report);
            int linked = matrix.linkTests(reportOptions.report, pages); // the in-report page links each test too
            Path page = reportOptions.report.resolve("interop.html");
            Files.writeString(page, matrix.html(pages::get), java.nio.charset.StandardCharsets.UTF_8);
            out.println("interop   " + page.toUri() + " (" + linked + " tests linked from the report's Interop matrix)");
        }
        // each run's conformance matrix beside the report: coverage.html, or coverage-N.html for several runs
        List<Path> matrices = results.stream().map(r -> r.resolve(RunCommand.COVERAGE)).filter(Files::isRegularFile).toList();
        for (int i = 0; i < matrices.size(); i++) {
            Path to = reportOptions.report.resolve(matrices.size() == 1 ? "coverage.html" : "coverage-" + (i + 1) + ".html");
            Files.copy(matrices.get(i), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.println("matrix    " + to.toUri());
        }
        return 0;
    }
}
