package io.icelab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code icelab} command line. */
@Command(name = "icelab", mixinStandardHelpOptions = true, version = "icelab " + Main.VERSION,
        description = {"ICE, STUN and TURN in Java, and the lab that proves them.",
                "Exit codes of every command: 0 success, 1 the thing checked failed (a scenario, a message, a"
                + " server's answer), 2 a mistake in the command or a file that cannot be read (one line says which)."},
        subcommands = {})
public final class Main implements Runnable {
    /** The version the CLI and reports print. */
    public static final String VERSION = io.icelab.stun.Version.VERSION;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ice-agent")) {
            Warmup.start(); // on another core while picocli reads the command line
        }
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * The subcommands in the order help lists them, each made only when it is the one run. Lambdas, not
     * constructor references: a reference loads its class (and what that links to) when they are listed. In a
     * holder class, so that {@code ice-agent}, which never reaches picocli, does not spin eleven lambdas.
     */
    static final class Subcommands {
        static final java.util.Map<String, java.util.function.Supplier<Object>> ALL = all();

        private Subcommands() {
        }

        private static java.util.Map<String, java.util.function.Supplier<Object>> all() {
            java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
            m.put("help", () -> new CommandLine.HelpCommand());
            m.put("stun", () -> new StunCommand());
            m.put("stun-server", () -> new StunServerCommand());
            m.put("nat-discover", () -> new NatDiscoverCommand());
            m.put("sim", () -> new SimCommand());
            m.put("ice-agent", () -> new IceAgentCommand());
            m.put("turn-server", () -> new TurnServerCommand());
            m.put("turn-probe", () -> new TurnProbeCommand());
            m.put("run", () -> new RunCommand());
            m.put("report", () -> new ReportCommand());
            m.put("replay", () -> new ReplayCommand());
            m.put("probe", () -> new ProbeCommand());
            return java.util.Collections.unmodifiableMap(m);
        }
    }

    /**
     * Runs a command line with the given streams.
     *
     * @param out standard output
     * @param err standard error
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 0 && args[0].equals("ice-agent")) {
            // timed from process start (issue 18): its options are read without picocli's reflective model
            return IceAgentCommand.run(java.util.List.of(args).subList(1, args.length), out, err);
        }
        return commandLine(args).setOut(out).setErr(err).setParameterExceptionHandler(Main::mistake).execute(args);
    }

    /**
     * The command line for {@code args}: with only the subcommand they run when the first argument names one
     * (picocli reads every option of every command it is given, a third of a second for all of them before a
     * process like {@code ice-agent} can start its work), none for --version, all of them for help and mistakes.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            return cl; // the version needs no subcommand
        }
        java.util.function.Supplier<Object> only = args.length > 0 && !args[0].equals("help")
                ? Subcommands.ALL.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], only.get());
        } else {
            Subcommands.ALL.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        return cl;
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
