package io.icelab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code icelab} command line. */
@Command(name = "icelab", mixinStandardHelpOptions = true, version = "icelab " + Main.VERSION,
        description = {"ICE, STUN and TURN in Java, and the lab that proves them.",
                "Exit codes of every command: 0 success, 1 the thing checked failed (a scenario, a message, a"
                + " server's answer), 2 a mistake in the command or a file that cannot be read (one line says which)."},
        subcommands = {CommandLine.HelpCommand.class, StunCommand.class, StunServerCommand.class, NatDiscoverCommand.class, SimCommand.class, IceAgentCommand.class, TurnServerCommand.class, TurnProbeCommand.class, RunCommand.class, ReportCommand.class, ReplayCommand.class})
public final class Main implements Runnable {
    /** The version the CLI and reports print. */
    public static final String VERSION = io.icelab.stun.Version.VERSION;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err)
                .setParameterExceptionHandler(Main::mistake).execute(args);
    }

    /** A command line picocli cannot parse: one line saying what and where the help is, exit 2. */
    private static int mistake(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        cmd.getErr().println("error: " + e.getMessage().strip().replace('\n', ' ') + " (see: " + name + " --help)");
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
