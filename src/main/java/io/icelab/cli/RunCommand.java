package io.icelab.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.icelab.harness.AllureResults;
import io.icelab.harness.Requirements;
import io.icelab.harness.World;
import io.icelab.sim.Seeds;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the conformance features in the simulator and build the Allure report.",
                "Each scenario attaches its seed and rerun command, pcap, message ladder and timeline."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH[:LINE]", description = "feature files or folders (default: features)")
    List<String> paths = new ArrayList<>();

    @Option(names = "--tags", paramLabel = "EXPR", description = "a Cucumber tag expression, e.g. '@epic:RFC8445 and not @slow'")
    String tags;

    @Option(names = "--seed", description = "run every scenario with this seed (default: one per scenario)")
    Long seed;

    @Option(names = "--seeds", paramLabel = "A..B", description = "rerun the selection once per seed A..B")
    String seeds;

    @Option(names = "--shard", paramLabel = "K/N", description = "run the K-th of N deterministic slices")
    String shard;

    @CommandLine.Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = "--results", defaultValue = "target/icelab-results",
            description = "Allure results folder, emptied of an earlier run's results first (default ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--no-report", description = "write Allure results only")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path featuresDir = Path.of("features");
        Requirements reqs = Requirements.load(featuresDir.resolve("requirements.yaml"));
        List<String> unknown = reqs.unknown(Requirements.tags(featuresDir));
        if (!unknown.isEmpty()) {
            unknown.forEach(u -> err.println("error: " + u));
            return 2;
        }
        Files.createDirectories(results);
        AllureResults.clearPrevious(results);
        System.setProperty("allure.results.directory", results.toString());
        // The Allure plugin writes through Allure's lifecycle; point it at this run's results folder.
        io.qameta.allure.Allure.setLifecycle(new io.qameta.allure.AllureLifecycle(
                new io.qameta.allure.FileSystemResultsWriter(results)));
        List<Long> seedList = new ArrayList<>();
        if (seeds != null) {
            String[] ab = seeds.split("\\.\\.");
            for (long s = Long.parseLong(ab[0]); s <= Long.parseLong(ab[1]); s++) {
                seedList.add(s);
            }
        } else {
            seedList.add(seed);
        }
        Progress progress = new Progress(out);
        long start = System.currentTimeMillis();
        for (Long s : seedList) {
            if (s == null) {
                System.clearProperty(World.SEED_PROPERTY);
            } else {
                System.setProperty(World.SEED_PROPERTY, String.valueOf(s));
                out.println("seed " + s);
            }
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request(), progress);
        }
        long stop = System.currentTimeMillis();
        out.println(String.format("%d scenarios: %d passed, %d failed, %d skipped (%.1f s)", progress.total(),
                progress.passed, progress.failed, progress.skipped, (stop - start) / 1000.0));
        String table = reqs.coverage(progress.requirementResults());
        out.print(table.substring(0, table.indexOf("\n\n") + 1));
        AllureResults.coverage(results, table, progress.failed == 0, start, stop, shard == null ? "" : "shard " + shard);
        AllureResults.enrich(results);
        if (!noReport) {
            generate(out, err);
        }
        out.println(progress.failed == 0 ? "passed" : "FAILED");
        out.println(String.format("%d passed, %d failed", progress.passed, progress.failed));
        return progress.failed == 0 ? 0 : 1;
    }

    private LauncherDiscoveryRequest request() {
        List<DiscoverySelector> selectors = new ArrayList<>();
        if (paths.isEmpty()) {
            selectors.add(selectDirectory("features"));
        }
        for (String p : paths) {
            int colon = p.lastIndexOf(':');
            if (colon > 0 && p.substring(colon + 1).matches("\\d+")) {
                selectors.add(selectFile(p.substring(0, colon), FilePosition.from(Integer.parseInt(p.substring(colon + 1)))));
            } else if (Files.isDirectory(Path.of(p))) {
                selectors.add(selectDirectory(p));
            } else {
                selectors.add(selectFile(p));
            }
        }
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("cucumber.glue", "io.icelab.harness")
                .configurationParameter("cucumber.plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm")
                .configurationParameter("cucumber.publish.quiet", "true")
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("cucumber"));
        if (tags != null) {
            b.configurationParameter("cucumber.filter.tags", tags);
        }
        if (shard != null) {
            String[] kn = shard.split("/");
            int k = Integer.parseInt(kn[0]);
            int n = Integer.parseInt(kn[1]);
            if (k < 1 || k > n) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--shard K/N needs 1 <= K <= N");
            }
            // A stable hash of each scenario's id: the same slice on every machine and run.
            b.filters((PostDiscoveryFilter) d -> !d.isTest() || Math.floorMod(Seeds.fnv1a64(d.getUniqueId().toString()), n) == k - 1
                    ? FilterResult.included("shard " + shard) : FilterResult.excluded("another shard"));
        }
        return b.build();
    }

    private void generate(PrintWriter out, PrintWriter err) throws Exception {
        AllureCommandline.generate(reportOptions.allure, List.of(results), reportOptions.report, out, err);
    }

    /** Counts and prints scenarios as they finish, and remembers each requirement's outcome. */
    private static final class Progress implements TestExecutionListener {
        private final PrintWriter out;
        int passed;
        int failed;
        int skipped;
        private final Map<String, Boolean> requirements = new LinkedHashMap<>();

        Progress(PrintWriter out) {
            this.out = out;
        }

        int total() {
            return passed + failed + skipped;
        }

        Map<String, Boolean> requirementResults() {
            return requirements;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped++;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            if (ok) {
                passed++;
            } else {
                failed++;
                out.println("FAIL " + id.getDisplayName() + ": "
                        + result.getThrowable().map(Throwable::getMessage).orElse("").strip().replace('\n', ' '));
            }
            id.getTags().forEach(t -> {
                if (t.getName().startsWith("req:")) {
                    requirements.merge(t.getName().substring(4), ok, Boolean::logicalAnd);
                }
            });
            if (total() % 25 == 0) {
                out.println(String.format("  %d scenarios: %d passed, %d failed", total(), passed, failed));
            }
            out.flush();
        }
    }
}
