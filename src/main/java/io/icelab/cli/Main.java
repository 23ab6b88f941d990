package io.icelab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code icelab} command line. */
@Command(name = "icelab", mixinStandardHelpOptions = true, version = "icelab 0.1.0",
        description = "ICE, STUN and TURN in Java, and the lab that proves them.",
        subcommands = {StunCommand.class, StunServerCommand.class, NatDiscoverCommand.class, SimCommand.class, IceAgentCommand.class, TurnServerCommand.class, TurnProbeCommand.class, RunCommand.class, ReportCommand.class, ReplayCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
