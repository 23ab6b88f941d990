package io.icelab.cli;

import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.icelab.sim.SimTime;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The options of {@code icelab ice-agent}, read by hand: the agent is timed from process start (issue 18), and
 * picocli's reflective model costs ~190 ms of a 330 ms start. This class is the one definition of the options;
 * {@link #USAGE} is the help text. Every mistake is one {@link Mistake} naming the option.
 *
 * @param role controlling or controlled (RFC 8445 §6.1.1)
 * @param implementation full or lite (RFC 8445 §2.5)
 * @param nomination regular or aggressive (RFC 8445 §8.1.1; aggressive is RFC 5245's)
 * @param bind the local address, as given
 * @param port the local port, 0 for any
 * @param tcp RFC 6544 candidates: none, also, only
 * @param names the host address shown, or hidden behind an mDNS name
 * @param stun a STUN server for server-reflexive candidates, or null
 * @param timeout how long to wait for a selected pair, as given
 * @param timeoutNanos the same in nanoseconds
 */
record IceAgentOptions(Role role, Implementation implementation, IceConfig.Nomination nomination, String bind, int port,
        Tcp tcp, HostNames names, InetSocketAddress stun, String timeout, long timeoutNanos) {

    /** RFC 8445 §2.5: a full agent checks; a lite one only answers. */
    enum Implementation { FULL, LITE }

    /** RFC 6544 candidates: none, beside the UDP ones, or instead of them. */
    enum Tcp { NONE, ALSO, ONLY }

    /** Whether the host candidate shows its address or an mDNS name (draft-ietf-mmusic-mdns-ice-candidates). */
    enum HostNames { ADDRESS, MDNS }

    /** What the command line asks for: a run, its help, or the version. */
    sealed interface Request permits Run, Help, Version {
    }

    /** @param options the options of the agent to run */
    record Run(IceAgentOptions options) implements Request {
    }

    /** {@code -h}, {@code --help}. */
    record Help() implements Request {
    }

    /** {@code -V}, {@code --version}. */
    record Version() implements Request {
    }

    /** A command line that cannot run: the message names the option and what is wrong with it. */
    static final class Mistake extends Exception {
        private static final long serialVersionUID = 1L;

        Mistake(String message) {
            super(message);
        }
    }

    static final String USAGE = String.join("\n",
            "Usage: icelab ice-agent (--controlling | --controlled) [OPTIONS]",
            "Run one ICE agent (RFC 8445) on real sockets, with signalling as plain lines on stdin and stdout.",
            "It prints a=ice-ufrag, a=ice-pwd, a=candidate lines and a=end-of-candidates, reads the peer's the same",
            "way, prints 'connected LOCAL REMOTE udp' (or 'tcp active|passive|so') when a pair is selected, sends",
            "'send TEXT' lines as application data and prints 'data TEXT' for data it receives. The protocol is",
            "specified in the README, \"The ice-agent line protocol\".",
            "      --controlling        take the controlling role: this agent nominates",
            "      --controlled         take the controlled role: the peer nominates",
            "      --lite               act as an ICE-lite agent (host candidates, answers checks)",
            "      --aggressive         nominate aggressively (USE-CANDIDATE on every check)",
            "      --bind ADDRESS       local address (default 127.0.0.1)",
            "      --port PORT          local port (default: any)",
            "      --tcp[=also|only]    gather TCP host candidates (RFC 6544 active and passive, RFC 4571 framing):",
            "                           'also' beside the UDP ones (the default when given bare), 'only' instead",
            "      --mdns               hide the host address behind a random .local name, answer mDNS queries for",
            "                           it on port 5353 of the bind address's interface and resolve the peer's",
            "                           .local names there (RFC 6762); the interface must do multicast",
            "      --stun HOST:PORT     STUN server for a server-reflexive candidate",
            "      --timeout DURATION   give up if not connected by then (default 30s)",
            "  -h, --help               show this help and exit",
            "  -V, --version            print the version and exit",
            "Exit codes: 0 connected (and the input ended), 1 ICE failed or timed out, 2 a mistake in the command.");

    /**
     * Reads the arguments after {@code ice-agent}.
     *
     * @param args the arguments
     * @return a run with its options, or a request for help or the version
     * @throws Mistake naming the option at fault
     */
    static Request parse(List<String> args) throws Mistake {
        Role role = null;
        Implementation implementation = Implementation.FULL;
        IceConfig.Nomination nomination = IceConfig.Nomination.REGULAR;
        String bind = "127.0.0.1";
        int port = 0;
        Tcp tcp = Tcp.NONE;
        HostNames names = HostNames.ADDRESS;
        InetSocketAddress stun = null;
        String timeout = "30s";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            switch (name) {
                case "-h", "--help" -> {
                    return new Help();
                }
                case "-V", "--version" -> {
                    return new Version();
                }
                case "--controlling", "--controlled" -> {
                    flag(name, inline);
                    if (role != null) {
                        throw new Mistake("--controlling and --controlled are mutually exclusive; give one, once");
                    }
                    role = name.equals("--controlling") ? Role.CONTROLLING : Role.CONTROLLED;
                }
                case "--lite" -> {
                    flag(name, inline);
                    implementation = Implementation.LITE;
                }
                case "--aggressive" -> {
                    flag(name, inline);
                    nomination = IceConfig.Nomination.AGGRESSIVE;
                }
                case "--mdns" -> {
                    flag(name, inline);
                    names = HostNames.MDNS;
                }
                case "--bind" -> {
                    bind = inline != null ? inline : value(args, ++i, name);
                    if (bind.isBlank()) {
                        throw new Mistake("--bind: an address is needed");
                    }
                }
                case "--port" -> port = port(inline != null ? inline : value(args, ++i, name));
                case "--tcp" -> {
                    String v = inline;
                    if (v == null && i + 1 < args.size() && (args.get(i + 1).equals("also") || args.get(i + 1).equals("only"))) {
                        v = args.get(++i);
                    }
                    tcp = v == null || v.equals("also") ? Tcp.ALSO : v.equals("only") ? Tcp.ONLY : tcpMistake(v);
                }
                case "--stun" -> stun = address(inline != null ? inline : value(args, ++i, name));
                case "--timeout" -> timeout = inline != null ? inline : value(args, ++i, name);
                default -> throw new Mistake(arg.startsWith("-") ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "'");
            }
        }
        if (role == null) {
            throw new Mistake("missing the role: give --controlling or --controlled");
        }
        long timeoutNanos;
        try {
            timeoutNanos = SimTime.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new Mistake("--timeout: " + e.getMessage());
        }
        return new Run(new IceAgentOptions(role, implementation, nomination, bind, port, tcp, names, stun, timeout,
                timeoutNanos));
    }

    private static void flag(String name, String inline) throws Mistake {
        if (inline != null) {
            throw new Mistake(name + " takes no value, '" + inline + "' given");
        }
    }

    private static String value(List<String> args, int i, String name) throws Mistake {
        if (i >= args.size()) {
            throw new Mistake(name + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String v) throws Mistake {
        try {
            int p = Integer.parseInt(v);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the message below says it
        }
        throw new Mistake("--port: '" + v + "' is not a port number (0-65535)");
    }

    private static Tcp tcpMistake(String v) throws Mistake {
        throw new Mistake("--tcp: '" + v + "' is neither 'also' nor 'only'");
    }

    private static InetSocketAddress address(String v) throws Mistake {
        try {
            return Addresses.parse(v);
        } catch (java.net.UnknownHostException | RuntimeException e) {
            throw new Mistake("--stun: " + e.getMessage());
        }
    }
}
