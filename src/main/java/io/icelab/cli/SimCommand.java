package io.icelab.cli;

import io.icelab.sim.PcapCapture;
import io.icelab.sim.Scenario;
import io.icelab.sim.SimSummary;
import io.icelab.sim.SimTime;
import io.icelab.sim.SimulationStalledException;
import io.icelab.sim.TopologyException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a topology in the deterministic simulator and print what happened.",
                "The same file and seed give the same packets, capture and timeline, byte for byte."})
final class SimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPOLOGY.yaml",
            description = "the topology: realms, NATs, hosts and their apps (examples in scenarios/topologies/)")
    Path topology;

    @Option(names = "--seed", defaultValue = "1", description = "the one seed of all randomness (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--until", defaultValue = "30s", description = "virtual time to run (default ${DEFAULT-VALUE})")
    String until;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every packet of every realm to FILE: pcapng with one interface per realm when it"
                    + " ends in .pcapng, classic pcap (all realms on one link) otherwise")
    Path pcap;

    @Option(names = "--log", paramLabel = "FILE", description = "write the event timeline to this file")
    Path log;

    @Option(names = "--print-log", description = "print the event timeline too")
    boolean printLog;

    @Option(names = "--wall-budget", defaultValue = "120s", paramLabel = "DURATION",
            description = "stop with an error when the simulation has not reached --until after this much real"
                    + " time (default ${DEFAULT-VALUE})")
    String wallBudget;

    /**
     * Runs in slices of virtual time (a thousandth of the run, at most a second), checking real time between them (the simulator itself reads
     * no clock); false when the budget ran out first.
     */
    private static boolean runWithin(Scenario scenario, long untilNanos, long budgetNanos) {
        long start = System.nanoTime();
        long slice = Math.min(Math.max(untilNanos / 1000, SimTime.MS), SimTime.S);
        for (long t = Math.min(slice, untilNanos); ; t = Math.min(t + slice, untilNanos)) {
            scenario.simulation().runUntil(t);
            if (t >= untilNanos) {
                return true;
            }
            if (System.nanoTime() - start > budgetNanos) {
                return false;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long untilNanos;
        long budgetNanos;
        try {
            untilNanos = SimTime.parse(until);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--until: " + e.getMessage());
        }
        try {
            budgetNanos = SimTime.parse(wallBudget);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wall-budget: " + e.getMessage());
        }
        Scenario scenario;
        try {
            scenario = Scenario.load(topology, seed);
        } catch (TopologyException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        PcapCapture capture = pcap == null ? null : new PcapCapture(pcap);
        try {
            if (capture != null) {
                scenario.simulation().capture(capture);
            }
            if (!runWithin(scenario, untilNanos, budgetNanos)) {
                err.println("error: the simulation reached " + SimTime.format(scenario.simulation().now()) + " s of "
                        + SimTime.format(untilNanos) + " s in " + wallBudget + " of real time; stopped (raise"
                        + " --wall-budget, or look for a traffic source without bound in the topology)");
                err.println("reproduce: icelab sim " + topology + " --seed " + seed + " --until " + until);
                return 1;
            }
        } catch (SimulationStalledException e) {
            err.println("error: " + e.getMessage());
            err.println("reproduce: icelab sim " + topology + " --seed " + seed + " --until " + until);
            return 1;
        } finally {
            if (capture != null) {
                capture.close();
            }
        }
        SimSummary.lines(scenario).forEach(out::println);
        if (capture != null) {
            out.println("capture   " + pcap + "  " + capture.written() + " packets");
        }
        if (log != null) {
            Files.writeString(log, scenario.simulation().log().text(), StandardCharsets.UTF_8);
            out.println("timeline  " + log);
        }
        if (printLog) {
            out.print(scenario.simulation().log().text());
        }
        out.println("reproduce icelab sim " + topology + " --seed " + seed + " --until " + until);
        return 0;
    }
}
