package io.icelab.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.icelab.harness.AllureResults;
import io.icelab.harness.Requirements;
import io.icelab.harness.UndefinedSteps;
import io.icelab.harness.World;
import io.icelab.sim.Seeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the conformance features in the simulator and build the Allure report.",
                "Each scenario attaches its seed and rerun command, its capture (pcapng, one interface per "
                + "realm), a message ladder and its timeline. A selection given as FILE:LINE is a rerun: its "
                + "results and report go to target/icelab-rerun/ and the full report is left alone. Exit codes: 0 "
                + "all passed, 1 a scenario failed, 2 a mistake in the command (one line says which)."})
final class RunCommand implements Callable<Integer> {
    static final Path RERUN = Path.of("target", "icelab-rerun");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH[:LINE]",
            description = "feature files or folders, or FILE:LINE for one scenario or example row (default: features)")
    List<String> paths = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "the repository root, which holds features/ and scenarios/; paths are taken from there"
                    + " (default: the current folder)")
    Path root;

    @Option(names = "--tags", paramLabel = "EXPR", description = "a Cucumber tag expression, e.g. '@epic:RFC8445 and not @slow'")
    String tags;

    @Option(names = "--seed", description = "run every scenario with this seed (default: one per scenario, from its file and line)")
    Long seed;

    @Option(names = "--seeds", paramLabel = "A..B", description = "rerun the selection once per seed A..B")
    String seeds;

    @Option(names = "--shard", paramLabel = "K/N", description = "run the K-th of N deterministic slices of the selection")
    String shard;

    @CommandLine.Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Option(names = "--results", defaultValue = "target/icelab-results",
            description = "Allure results folder, emptied of an earlier run's results first (default ${DEFAULT-VALUE};"
                    + " target/icelab-rerun/results for a FILE:LINE rerun)")
    Path results;

    @Option(names = "--no-report", description = "write Allure results only, no HTML report")
    boolean noReport;

    private io.cucumber.tagexpressions.Expression tagExpression;

    /** A mistake in the command line or the repository: one line, exit 2. */
    static final class Mistake extends Exception {
        Mistake(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (Mistake m) {
            err.println("error: " + m.getMessage());
            return 2;
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws Exception {
        Path base = root.toAbsolutePath().normalize();
        Path featuresDir = base.resolve("features");
        if (!Files.isRegularFile(featuresDir.resolve("requirements.yaml")) || !Files.isDirectory(base.resolve("scenarios"))) {
            throw new Mistake("no features/requirements.yaml and scenarios/ in " + base + ": run icelab from the"
                    + " repository root or pass --root DIR");
        }
        Requirements reqs = Requirements.load(featuresDir.resolve("requirements.yaml"));
        List<String> unknown = reqs.unknown(Requirements.tags(featuresDir));
        if (!unknown.isEmpty()) {
            unknown.forEach(u -> err.println("error: " + u));
            return 2;
        }
        List<Long> seedList = seeds();
        int[] kn = shard();
        List<DiscoverySelector> selectors = selectors(base);
        parseTags();
        boolean rerun = paths.stream().anyMatch(p -> lineOf(p) > 0);
        Path resultsDir = resultsDir(base, rerun);
        Path reportDir = reportDir(base, rerun);
        Path undefinedFile = Files.createTempFile("icelab-undefined", ".tsv");
        try {
            Launcher launcher = LauncherFactory.create();
            LauncherDiscoveryRequest request = request(selectors, kn, undefinedFile);
            TestPlan plan = launcher.discover(request);
            if (plan.countTestIdentifiers(TestIdentifier::isTest) == 0) {
                throw new Mistake("no scenario matches " + describeSelection());
            }
            prepareResults(resultsDir, base);
            Progress progress = new Progress(out, undefinedFile);
            long start = System.currentTimeMillis();
            java.util.Set<Path> seen = new java.util.HashSet<>();
            for (Long s : seedList) {
                if (s == null) {
                    System.clearProperty(World.SEED_PROPERTY);
                } else {
                    System.setProperty(World.SEED_PROPERTY, String.valueOf(s));
                    out.println("seed " + s);
                }
                launcher.execute(request, progress);
                if (s != null) {
                    io.icelab.harness.AllureResults.markSeed(resultsDir, s, seen);
                }
            }
            long stop = System.currentTimeMillis();
            out.println(String.format("%d scenarios: %d passed, %d failed, %d skipped (%.1f s)", progress.total(),
                    progress.passed, progress.failed, progress.skipped, (stop - start) / 1000.0));
            writeCoverage(reqs, progress, resultsDir, base, seedList, undefinedFile, out);
            report(resultsDir, reportDir, out, err);
            out.println(progress.failed == 0 ? "passed" : "FAILED");
            out.println(String.format("%d passed, %d failed", progress.passed, progress.failed));
            return progress.failed == 0 ? 0 : 1;
        } finally {
            Files.deleteIfExists(undefinedFile);
            System.clearProperty(World.ROOT_PROPERTY);
        }
    }

    private void parseTags() throws Mistake {
        if (tags != null) {
            try {
                tagExpression = io.cucumber.tagexpressions.TagExpressionParser.parse(tags);
            } catch (RuntimeException e) {
                throw new Mistake("--tags '" + tags + "' does not parse: " + e.getMessage().strip().replace('\n', ' '));
            }
        }
    }

    /** An emptied results folder, where Allure's lifecycle and the scenarios (through properties) write. */
    private static void prepareResults(Path resultsDir, Path base) throws java.io.IOException {
        Files.createDirectories(resultsDir);
        AllureResults.clearPrevious(resultsDir);
        System.setProperty("allure.results.directory", resultsDir.toString());
        System.setProperty(World.ROOT_PROPERTY, base.toString());
        // The Allure plugin writes through Allure's lifecycle; point it at this run's results folder.
        io.qameta.allure.Allure.setLifecycle(new io.qameta.allure.AllureLifecycle(
                new io.qameta.allure.FileSystemResultsWriter(resultsDir)));
    }

    /** The requirement coverage, printed and written beside the results, and the results' environment and links. */
    private void writeCoverage(Requirements reqs, Progress progress, Path resultsDir, Path base, List<Long> seedList,
            Path undefinedFile, PrintWriter out) throws java.io.IOException {
        boolean narrowed = !paths.isEmpty() || tags != null;
        Requirements.Scope scope = narrowed ? Requirements.Scope.SELECTION : Requirements.Scope.ALL;
        String table = reqs.coverage(progress.requirementResults(), scope);
        out.print(table.substring(0, table.indexOf("\n\n") + 1));
        String title = "icelab conformance" + (shard == null ? "" : ", shard " + shard);
        Files.writeString(resultsDir.resolve(COVERAGE), reqs.html(progress.requirementResults(),
                progress.scenarios(), scope, title + ": every normative statement and the scenarios that check it"));
        AllureResults.describe(resultsDir, title, environment(base, seedList));
        AllureResults.enrich(resultsDir, UndefinedSteps.read(undefinedFile), reqs);
    }

    /** The Allure report (unless {@code --no-report}), with the coverage matrix beside it. */
    private void report(Path resultsDir, Path reportDir, PrintWriter out, PrintWriter err) throws Exception {
        if (noReport) {
            out.println("results   " + resultsDir);
            return;
        }
        if (AllureCommandline.generate(reportOptions, List.of(resultsDir), reportDir, out, err)) {
            Files.copy(resultsDir.resolve(COVERAGE), reportDir.resolve("coverage.html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.println("matrix    " + reportDir.resolve("coverage.html").toUri());
        }
    }

    /** The conformance matrix a run writes into its results folder (and the report copies as coverage.html). */
    public static final String COVERAGE = "icelab-coverage.html";

    /** The report's environment block: icelab version, JDK, seeds and the repository's commit. */
    private static Map<String, String> environment(Path base, List<Long> seeds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("icelab", Main.VERSION);
        env.put("JDK", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("seed", seeds.size() == 1 && seeds.get(0) == null ? "per scenario (file and line)"
                : seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
        env.put("commit", GitCommit.of(base));
        return env;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private Path resultsDir(Path base, boolean rerun) {
        if (given("--results")) {
            return results;
        }
        return base.resolve(rerun ? RERUN.resolve("results") : results);
    }

    private Path reportDir(Path base, boolean rerun) {
        if (given("--report")) {
            return reportOptions.report;
        }
        return base.resolve(rerun ? RERUN.resolve("report") : reportOptions.report);
    }

    private String describeSelection() {
        String where = paths.isEmpty() ? "features/" : String.join(" ", paths);
        return where + (tags == null ? "" : " with --tags '" + tags + "'") + (shard == null ? "" : " in shard " + shard);
    }

    private List<Long> seeds() throws Mistake {
        List<Long> list = new ArrayList<>();
        if (seeds == null) {
            list.add(seed);
            return list;
        }
        String[] ab = seeds.split("\\.\\.", -1);
        try {
            long a = Long.parseLong(ab[0]);
            long b = Long.parseLong(ab[ab.length - 1]);
            if (ab.length != 2 || b < a || b - a >= 10_000) {
                throw new NumberFormatException();
            }
            for (long s = a; s <= b; s++) {
                list.add(s);
            }
        } catch (NumberFormatException e) {
            throw new Mistake("--seeds '" + seeds + "': expected A..B with A <= B and at most 10000 seeds, e.g. 1..20");
        }
        return list;
    }

    private int[] shard() throws Mistake {
        if (shard == null) {
            return null;
        }
        try {
            String[] kn = shard.split("/", -1);
            int k = Integer.parseInt(kn[0]);
            int n = Integer.parseInt(kn[1]);
            if (kn.length == 2 && k >= 1 && k <= n) {
                return new int[] {k, n};
            }
        } catch (RuntimeException e) {
            // falls through to the one-line error
        }
        throw new Mistake("--shard '" + shard + "': expected K/N with 1 <= K <= N, e.g. 2/4");
    }

    /** The line of a {@code FILE:LINE} argument, or 0. */
    private static int lineOf(String p) {
        int colon = p.lastIndexOf(':');
        return colon > 0 && p.substring(colon + 1).matches("\\d{1,9}") ? Integer.parseInt(p.substring(colon + 1)) : 0;
    }

    private List<DiscoverySelector> selectors(Path base) throws Mistake {
        List<DiscoverySelector> selectors = new ArrayList<>();
        if (paths.isEmpty()) {
            selectors.add(selectDirectory(base.resolve("features").toFile()));
        }
        for (String p : paths) {
            int line = lineOf(p);
            String name = line > 0 ? p.substring(0, p.lastIndexOf(':')) : p;
            Path file = base.resolve(name).normalize();
            if (!Files.exists(file)) {
                throw new Mistake(name + ": no such file or folder (looked in " + base + ")");
            }
            if (Files.isDirectory(file)) {
                if (line > 0) {
                    throw new Mistake(p + ": " + name + " is a folder; FILE:LINE takes a .feature file");
                }
                selectors.add(selectDirectory(file.toFile()));
            } else if (!name.endsWith(".feature")) {
                throw new Mistake(name + ": not a .feature file");
            } else if (line > 0) {
                checkLine(file, name, line);
                selectors.add(selectFile(file.toFile(), FilePosition.from(line)));
            } else {
                selectors.add(selectFile(file.toFile()));
            }
        }
        return selectors;
    }

    /** A FILE:LINE must name a line where Cucumber finds something to run: a scenario, outline, examples or row. */
    private static void checkLine(Path file, String name, int line) throws Mistake {
        TestPlan plan = LauncherFactory.create().discover(cucumber(List.of(selectFile(file.toFile()))).build());
        TreeSet<Integer> runnable = new TreeSet<>();
        TreeSet<Integer> scenarios = new TreeSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            collectLines(plan, root, runnable, scenarios);
        }
        if (!runnable.contains(line)) {
            List<String> near = new ArrayList<>();
            Integer below = scenarios.floor(line);
            Integer above = scenarios.ceiling(line);
            if (below != null) {
                near.add(String.valueOf(below));
            }
            if (above != null && !above.equals(below)) {
                near.add(String.valueOf(above));
            }
            throw new Mistake(name + ":" + line + ": no scenario or example row at line " + line
                    + (near.isEmpty() ? " (the file has no scenario)" : " (nearest: line " + String.join(" and ", near) + ")"));
        }
    }

    private static void collectLines(TestPlan plan, TestIdentifier id, TreeSet<Integer> runnable, TreeSet<Integer> tests) {
        int line = line(id.getSource().orElse(null));
        if (line > 0) {
            runnable.add(line);
            if (id.isTest()) {
                tests.add(line);
            }
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collectLines(plan, child, runnable, tests);
        }
    }

    private static int line(TestSource source) {
        if (source instanceof FileSource f) {
            return f.getPosition().map(org.junit.platform.engine.support.descriptor.FilePosition::getLine).orElse(0);
        }
        return 0;
    }

    /** Scenario key for {@link UndefinedSteps}: the feature's path as Cucumber gave it, and the line. */
    /** A scenario's feature file (relative to the repository root) and line. */
    static String where(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof FileSource f) {
            return World.relative(f.getFile().toURI().toString()) + ":" + line(f);
        }
        return "";
    }

    static String key(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof FileSource f) {
            return World.location(f.getFile().toURI().toString()) + ":" + line(f);
        }
        return "";
    }

    /** The features in {@code selectors}, on Cucumber's engine alone, with icelab's steps. */
    private static LauncherDiscoveryRequestBuilder cucumber(List<DiscoverySelector> selectors) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("cucumber.glue", "io.icelab.harness")
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("cucumber"));
    }

    private LauncherDiscoveryRequest request(List<DiscoverySelector> selectors, int[] kn, Path undefinedFile) {
        LauncherDiscoveryRequestBuilder b = cucumber(selectors)
                .configurationParameter("cucumber.plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm, "
                        + UndefinedSteps.class.getName() + ":" + undefinedFile)
                .configurationParameter("cucumber.publish.quiet", "true");
        if (tagExpression != null) {
            // Filtered at discovery (not by Cucumber at execution), so a selection of nothing is seen before running.
            b.filters((PostDiscoveryFilter) d -> !d.isTest() || tagExpression.evaluate(d.getTags().stream()
                    .map(t -> "@" + t.getName()).toList())
                    ? FilterResult.included("tags") : FilterResult.excluded("--tags"));
        }
        if (kn != null) {
            int k = kn[0];
            int n = kn[1];
            // A stable hash of each scenario's id: the same slice on every machine and run.
            b.filters((PostDiscoveryFilter) d -> !d.isTest() || Math.floorMod(Seeds.fnv1a64(d.getUniqueId().toString()), n) == k - 1
                    ? FilterResult.included("shard " + shard) : FilterResult.excluded("another shard"));
        }
        return b.build();
    }
}
