package io.icelab.bench;

import io.icelab.stun.StunDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks in one JMH invocation with the GC profiler and prints, per benchmark class,
 * each method's score and allocation beside the class's {@code floor} method, as ratios. Takes JMH's
 * own command line ({@code -f 1 -wi 3 -i 5 StunDecode ...}).
 */
public final class Ratios {
    private Ratios() {
    }

    public static void main(String[] args) throws Exception {
        checkTheBenchmarksDoTheWork();
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli).addProfiler("gc").build()).run();
        Map<String, List<RunResult>> byClass = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            byClass.computeIfAbsent(name.substring(0, name.lastIndexOf('.')), k -> new ArrayList<>()).add(r);
        }
        System.out.println();
        System.out.println("Ratios (one JMH invocation, -prof gc; ratio = score / the class's floor):");
        System.out.printf(Locale.ROOT, "%-42s %14s %10s %10s %8s%n", "benchmark", "score", "unit", "B/op", "ratio");
        for (Map.Entry<String, List<RunResult>> e : byClass.entrySet()) {
            Double floor = null;
            for (RunResult r : e.getValue()) {
                if (method(r).equals("floor")) {
                    floor = r.getPrimaryResult().getScore();
                }
            }
            for (RunResult r : e.getValue()) {
                Result<?> p = r.getPrimaryResult();
                Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                String ratio = floor == null ? "" : String.format(Locale.ROOT, "%.2f×", p.getScore() / floor);
                System.out.printf(Locale.ROOT, "%-42s %8.3f ±%5.3f %10s %10s %8s%n",
                        e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "." + method(r), p.getScore(),
                        p.getScoreError(), p.getScoreUnit(),
                        alloc == null ? "?" : String.format(Locale.ROOT, "%.0f", alloc.getScore()), ratio);
            }
        }
    }

    private static String method(RunResult r) {
        String name = r.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Each side of a comparison must produce the real thing, or its score means nothing. */
    private static void checkTheBenchmarksDoTheWork() throws Exception {
        StunDecodeBench d = new StunDecodeBench();
        if (!d.icelab() || !d.icelabView() || !d.ice4j() || !d.floor()) {
            throw new AssertionError("a decode benchmark does not verify the RFC 5769 request");
        }
        StunEncodeBench e = new StunEncodeBench();
        for (byte[] out : List.of(e.icelab(), e.icelabWriter(), e.icelabNewIntegrity(), e.floor())) {
            if (!Arrays.equals(out, StunDecodeBench.REQUEST)) {
                throw new AssertionError("an encode benchmark does not produce the RFC 5769 request: "
                        + StunDecoder.decode(out));
            }
        }
    }
}
