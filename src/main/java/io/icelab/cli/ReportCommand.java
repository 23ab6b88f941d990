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
        if (!AllureCommandline.generate(reportOptions, results, reportOptions.report, out, err)) {
            return 1;
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
