package io.icelab.cli;

import io.icelab.ice.Role;
import io.icelab.probe.IceProbe;
import io.icelab.probe.IceProbeReport;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatProfiles;
import io.icelab.sim.SimTime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code icelab probe}: the RFC statements of another implementation, observed live on loopback. */
@Command(name = "probe", mixinStandardHelpOptions = true, subcommands = {ProbeCommand.Ice.class},
        description = {"Probe another implementation live on loopback and report the RFC statements it meets.",
                "probe ice: an ICE agent speaking the line protocol of ice-agent, against icelab's agent, each side "
                + "on no NAT or behind a userspace NAT box of an RFC 4787 profile."})
final class ProbeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code icelab probe ice --agent COMMAND}. */
    @Command(name = "ice", mixinStandardHelpOptions = true,
            description = {"Run an ICE agent against icelab's across NAT profiles and judge what it sends.",
                    "The agent is a program speaking the line protocol of ice-agent (README, \"The ice-agent line "
                    + "protocol\"); it and icelab's agent run on loopback, each on no NAT or behind a NAT box that "
                    + "decides as the simulator's NATs do, with a STUN server outside both. Per case the report gives "
                    + "the outcome RFC 4787 reasoning expects, what happened, the time to connect, and the ICE "
                    + "statements judged from what the agent sent (credentials, FINGERPRINT, PRIORITY, role, "
                    + "nomination, answers, Ta pacing; consent with --consent). Exit 0 when every case is as expected "
                    + "and no statement is unmet, 1 otherwise, 2 for a mistake in the command."})
    static final class Ice implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--agent", required = true, paramLabel = "COMMAND",
                description = {"the agent's command line, before the protocol's options (quote it; 'self' runs this "
                        + "icelab's own ice-agent)."})
        String agent;

        @Option(names = "--profiles", paramLabel = "DIR", defaultValue = "scenarios/nat-profiles",
                description = "where the NAT profiles are (default ${DEFAULT-VALUE}); translating ones are used.")
        Path profiles;

        @Option(names = "--nat", split = ",", paramLabel = "PROFILE",
                description = "only these profiles (comma-separated; default: every translating profile in --profiles).")
        List<String> nats;

        /** Which side sits behind the boxes. */
        enum Matrix { one_side, full }

        @Option(names = "--matrix", defaultValue = "one_side", paramLabel = "one_side|full",
                description = {"one_side (default): no NAT on both sides, then the agent behind each profile with icelab "
                        + "on no NAT, then icelab behind each with the agent on no NAT; full: every pair of placements."})
        Matrix matrix;

        /** The roles the agent takes. */
        enum Roles { controlling, controlled, both }

        @Option(names = "--role", defaultValue = "both", paramLabel = "controlling|controlled|both",
                description = "the agent's role; both runs every case twice (default ${DEFAULT-VALUE}).")
        Roles role;

        @Option(names = "--relay", description = {"run every case also with icelab's agent given a TURN server on the "
                + "open side (icelab's own, on 127.0.0.3): the relay cases of RFC 8445 §5.1.1.2."})
        boolean relay;

        @Option(names = "--conflicts", description = {"add the role-conflict cases (RFC 8445 §7.3.1.1) on no NAT: icelab "
                + "takes the agent's role too, with the largest tie-breaker and with 0, the agent in either role."})
        boolean conflicts;

        @Option(names = "--consent-loss", description = {"once both connect, the box on the agent's side (else icelab's) "
                + "drops everything, and the probe watches 36 s: RFC 7675 §5.1, the agent stops sending 30 s after its "
                + "last answer. Cases on no NAT both sides have no box to cut."})
        boolean consentLoss;

        @Option(names = "--verbose", description = "list every statement of every case with its evidence.")
        boolean verbose;

        @Option(names = "--timeout", defaultValue = "5s", paramLabel = "DURATION",
                description = "how long a case may take to connect (default ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--consent", defaultValue = "0s", paramLabel = "DURATION",
                description = "how long to watch after both connected; consent checks are judged from 12 s on "
                        + "(default ${DEFAULT-VALUE}).")
        String consent;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<String> command;
            try {
                command = agent.strip().equals("self") ? self() : Words.split(agent);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--agent: " + e.getMessage());
            }
            if (command.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--agent: an empty command");
            }
            long timeoutNanos = duration("--timeout", timeout);
            long consentNanos = duration("--consent", consent);
            List<IceProbe.Placement> boxes = placements();
            List<IceProbe.Case> cases = cases(boxes);
            out.println("probe ice: agent '" + String.join(" ", command) + "', " + cases.size() + " cases, profiles "
                    + boxes.stream().map(IceProbe.Placement::name).toList());
            out.flush();
            IceProbe probe = consentLoss
                    ? new IceProbe(command, timeoutNanos, Math.max(consentNanos, 36_000_000_000L), IceProbe.Loss.AFTER_CONNECTED)
                    : new IceProbe(command, timeoutNanos, consentNanos);
            List<IceProbe.Result> results = new ArrayList<>();
            for (IceProbe.Case c : cases) {
                results.add(probe.run(c));
            }
            IceProbeReport.print(out, results, verbose ? IceProbeReport.Detail.EVERY_STATEMENT
                    : IceProbeReport.Detail.UNMET);
            return IceProbeReport.passed(results) ? 0 : 1;
        }

        private long duration(String flag, String value) {
            try {
                return SimTime.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
            }
        }

        /** This JVM running {@code icelab ice-agent}. */
        private static List<String> self() {
            return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "ice-agent");
        }

        private List<IceProbe.Placement> placements() {
            if (!Files.isDirectory(profiles)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--profiles: " + profiles
                        + " is not a folder of NAT profiles (run from the repository root, or point at scenarios/nat-profiles)");
            }
            List<String> names = nats != null ? nats : List.copyOf(NatProfiles.names(profiles));
            List<IceProbe.Placement> out = new ArrayList<>();
            for (String n : names) {
                NatConfig c;
                try {
                    c = NatProfiles.load(n, profiles);
                } catch (RuntimeException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--nat: " + e.getMessage());
                }
                if (c.mode() == NatConfig.Mode.NAPT) {
                    out.add(new IceProbe.Placement(n, c));
                } else if (nats != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--nat: " + n + " is a "
                            + c.mode().name().toLowerCase() + ", not a translating NAT; the box runs NAPT profiles");
                }
            }
            return out;
        }

        private List<IceProbe.Case> cases(List<IceProbe.Placement> boxes) {
            List<IceProbe.Placement[]> where = new ArrayList<>();
            where.add(new IceProbe.Placement[] {IceProbe.Placement.OPEN, IceProbe.Placement.OPEN});
            if (matrix == Matrix.full) {
                List<IceProbe.Placement> all = new ArrayList<>(List.of(IceProbe.Placement.OPEN));
                all.addAll(boxes);
                where.clear();
                for (IceProbe.Placement a : all) {
                    for (IceProbe.Placement b : all) {
                        where.add(new IceProbe.Placement[] {a, b});
                    }
                }
            } else {
                boxes.forEach(b -> where.add(new IceProbe.Placement[] {b, IceProbe.Placement.OPEN}));
                boxes.forEach(b -> where.add(new IceProbe.Placement[] {IceProbe.Placement.OPEN, b}));
            }
            List<IceProbe.Case> out = new ArrayList<>();
            for (IceProbe.Relay r : relay ? List.of(IceProbe.Relay.NONE, IceProbe.Relay.ICELAB) : List.of(IceProbe.Relay.NONE)) {
                for (IceProbe.Placement[] w : where) {
                    if (role != Roles.controlled) {
                        out.add(new IceProbe.Case(w[0], w[1], Role.CONTROLLING, r));
                    }
                    if (role != Roles.controlling) {
                        out.add(new IceProbe.Case(w[0], w[1], Role.CONTROLLED, r));
                    }
                }
            }
            if (conflicts) {
                for (Role r : List.of(Role.CONTROLLING, Role.CONTROLLED)) {
                    for (IceProbe.Conflict k : List.of(IceProbe.Conflict.ICELAB_WINS, IceProbe.Conflict.AGENT_WINS)) {
                        out.add(new IceProbe.Case(IceProbe.Placement.OPEN, IceProbe.Placement.OPEN, r,
                                IceProbe.Relay.NONE, k));
                    }
                }
            }
            return out;
        }
    }
}
