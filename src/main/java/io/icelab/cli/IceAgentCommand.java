package io.icelab.cli;

import io.icelab.ice.Candidate;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.SdpParseException;
import io.icelab.net.SocketRuntime;
import io.icelab.stun.TransportAddresses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code icelab ice-agent}: one ICE agent on real sockets, signalling as lines on stdin and stdout (the README's
 * "The ice-agent line protocol"). Its options are read by {@link IceAgentOptions}, not picocli, on the way in
 * from {@link Main#execute}; this class is registered with picocli only so that help lists it.
 */
@Command(name = "ice-agent", description = {"Run one ICE agent on real sockets, with signalling as plain lines on "
        + "stdin and stdout. For its options and line protocol run icelab ice-agent --help."})
final class IceAgentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> args = new java.util.ArrayList<>();

    private IceAgentOptions options;

    @Override
    public Integer call() {
        return run(args, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs {@code icelab ice-agent ARGS}.
     *
     * @param args the arguments after {@code ice-agent}
     * @param out where signalling lines go
     * @param err where errors go
     * @return the exit code: 0 connected, 1 failed or timed out, 2 a mistake in the command
     */
    static int run(List<String> args, PrintWriter out, PrintWriter err) {
        IceAgentOptions.Request request;
        try {
            request = IceAgentOptions.parse(args);
        } catch (IceAgentOptions.Mistake e) {
            err.println("error: " + e.getMessage() + " (see: icelab ice-agent --help)");
            err.flush();
            return 2;
        }
        if (request instanceof IceAgentOptions.Help) {
            out.println(IceAgentOptions.USAGE);
            out.flush();
            return 0;
        }
        if (request instanceof IceAgentOptions.Version) {
            out.println("icelab " + Main.VERSION);
            out.flush();
            return 0;
        }
        IceAgentCommand command = new IceAgentCommand();
        command.options = ((IceAgentOptions.Run) request).options();
        try {
            return command.call(out, err);
        } catch (java.net.UnknownHostException e) {
            err.println("error: --bind: " + e.getMessage() + " (see: icelab ice-agent --help)");
            return 2;
        } catch (java.io.IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    private int call(PrintWriter out, PrintWriter err) throws java.io.IOException {
        InetAddress ip = InetAddress.getByName(options.bind());
        long deadline = options.timeoutNanos();
        ConcurrentLinkedQueue<String> input = new ConcurrentLinkedQueue<>();
        Mdns names;
        try {
            names = options.names() == IceAgentOptions.HostNames.MDNS ? Mdns.open(ip, err) : Mdns.NONE;
        } catch (java.io.IOException e) {
            err.println("error: --mdns: " + e.getMessage());
            return 2;
        }
        try (names; SocketRuntime rt = openRuntime(ip)) {
            IceAgent agent = new IceAgent(config(ip), new SecureRandom());
            agent.addStream(List.of(List.of(rt.localAddresses().get(0))));
            readStdin(input, rt);
            out.println("a=ice-ufrag:" + agent.localUfrag());
            out.println("a=ice-pwd:" + agent.localPwd());
            if (options.implementation() == IceAgentOptions.Implementation.LITE) {
                out.println("a=ice-lite");
            }
            out.flush();
            agent.gather(rt.nowNanos());
            Session session = new Session(new Signalling(agent, names, out, err), out, err);
            rt.drive(agent, session::onEvent, () -> session.done(rt.nowNanos(), deadline), Long.MAX_VALUE,
                    now -> session.onInput(now, input));
            if (session.state != Session.State.CONNECTED) {
                if (session.state == Session.State.CHECKING) {
                    err.println("error: not connected within " + options.timeout());
                }
                return 1;
            }
            return 0;
        }
    }

    /**
     * The runtime with one UDP socket; with {@code --tcp} also listening for TCP on the same port (the passive
     * candidates' address, RFC 6544 §4.1) and opening the active candidates' connections as the agent sends.
     * With no {@code --port}, a UDP port whose TCP twin is taken is given back and another one tried.
     */
    private SocketRuntime openRuntime(InetAddress ip) throws java.io.IOException {
        for (int attempt = 1; ; attempt++) {
            SocketRuntime rt = SocketRuntime.open(new InetSocketAddress(ip, options.port()));
            if (options.tcp() == IceAgentOptions.Tcp.NONE) {
                return rt;
            }
            InetSocketAddress base = rt.localAddresses().get(0);
            try {
                rt.listenTcp(base, io.icelab.stun.StreamFramer.Framing.RFC4571);
                rt.openTcpOnSend(io.icelab.stun.StreamFramer.Framing.RFC4571);
                return rt;
            } catch (java.io.IOException e) {
                rt.close();
                if (options.port() != 0 || attempt == 10) {
                    throw new java.io.IOException("cannot listen for TCP on " + ip.getHostAddress() + ":"
                            + base.getPort() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private IceConfig config(InetAddress ip) {
        IceConfig config = IceConfig.defaults(options.role()).withLoopback(ip.isLoopbackAddress())
                .withNomination(options.nomination());
        if (options.implementation() == IceAgentOptions.Implementation.LITE) {
            config = config.withLite();
        }
        if (options.stun() != null) {
            config = config.withStunServers(List.of(options.stun()));
        }
        if (options.tcp() == IceAgentOptions.Tcp.ALSO) {
            config = config.withTcpHostCandidates();
        } else if (options.tcp() == IceAgentOptions.Tcp.ONLY) {
            config = config.withTcpCandidatesOnly();
        }
        return config;
    }

    /** Standard input's lines, queued for the runtime's loop by a daemon thread ({@code #eof} at the end). */
    private static void readStdin(ConcurrentLinkedQueue<String> input, SocketRuntime rt) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    input.add(line);
                    rt.wakeup();
                }
            } catch (java.io.IOException e) {
                input.add("#error reading stdin: " + e.getMessage());
            }
            input.add("#eof");
            rt.wakeup();
        }, "icelab-ice-agent-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** The command's view of the session: what it prints for each event, and when it ends. */
    private static final class Session {
        enum State {
            CHECKING,
            CONNECTED,
            FAILED
        }

        private final Signalling signalling;
        private final PrintWriter out;
        private final PrintWriter err;
        State state = State.CHECKING;
        private boolean endOfInput;

        Session(Signalling signalling, PrintWriter out, PrintWriter err) {
            this.signalling = signalling;
            this.out = out;
            this.err = err;
        }

        void onEvent(IceEvent e) {
            signalling.onEvent(e);
            if (e instanceof IceEvent.SelectedPairChanged s) {
                if (state == State.CHECKING) {
                    state = State.CONNECTED;
                }
                out.println("connected " + TransportAddresses.format(s.local().address()) + " "
                        + TransportAddresses.format(s.remote().address()) + " " + transport(s.local()));
            } else if (e instanceof IceEvent.ComponentStateChanged c && c.state() == ComponentState.FAILED) {
                state = State.FAILED;
                err.println("error: ICE failed: " + c.reason());
            } else if (e instanceof IceEvent.DataReceived d) {
                out.println("data " + d.data().utf8());
            }
            out.flush();
        }

        /** "udp", or "tcp" and the local candidate's RFC 6544 direction. */
        private static String transport(Candidate local) {
            return local.transport() == io.icelab.stun.Transport.TCP ? "tcp " + local.tcpType() : "udp";
        }

        void onInput(long now, ConcurrentLinkedQueue<String> input) {
            for (String line; (line = input.poll()) != null; ) {
                if (line.equals("#eof")) {
                    endOfInput = true;
                } else {
                    signalling.onLine(now, line);
                }
            }
        }

        /** Failed; connected and the input ended; or not connected by the deadline. */
        boolean done(long now, long deadline) {
            return state == State.FAILED || (endOfInput && state == State.CONNECTED)
                    || (state == State.CHECKING && now > deadline);
        }
    }

    /** Line-based signalling: prints our candidates, applies the peer's lines. */
    private static final class Signalling {
        private final IceAgent agent;
        private final Mdns names;
        private final PrintWriter out;
        private final PrintWriter err;
        private String ufrag;
        private int lineNumber;

        Signalling(IceAgent agent, Mdns names, PrintWriter out, PrintWriter err) {
            this.agent = agent;
            this.names = names;
            this.out = out;
            this.err = err;
        }

        void onEvent(IceEvent e) {
            if (e instanceof IceEvent.CandidateGathered g) {
                out.println(IceSdp.formatCandidate(g.candidate(), names::nameOf));
            } else if (e instanceof IceEvent.GatheringComplete) {
                out.println("a=end-of-candidates");
            }
        }

        void onLine(long now, String raw) {
            String line = raw.strip();
            lineNumber++;
            try {
                if (line.startsWith("a=ice-ufrag:")) {
                    ufrag = IceSdp.checkUfrag(line.substring(12), lineNumber);
                } else if (line.startsWith("a=ice-pwd:")) {
                    agent.setRemoteCredentials(1, ufrag, IceSdp.checkPwd(line.substring(10), lineNumber));
                } else if (line.equals("a=ice-lite")) {
                    agent.setRemoteLite(1, true);
                } else if (line.startsWith("a=candidate:")) {
                    Candidate c = IceSdp.parseCandidate(line, lineNumber, names.resolver());
                    if (c != null) {
                        agent.addRemoteCandidate(now, 1, c);
                    }
                } else if (line.equals("a=end-of-candidates")) {
                    agent.endOfRemoteCandidates(now, 1);
                } else if (line.startsWith("send ")) {
                    if (!agent.send(1, 1, line.substring(5).getBytes(StandardCharsets.UTF_8))) {
                        err.println("error: not connected, cannot send");
                    }
                } else if (!line.isEmpty() && !line.startsWith("connected ") && !line.startsWith("data ")) {
                    err.println("ignored line " + lineNumber + ": " + line);
                }
            } catch (SdpParseException e) {
                err.println("error: " + e.getMessage());
            }
            err.flush();
        }
    }
}
