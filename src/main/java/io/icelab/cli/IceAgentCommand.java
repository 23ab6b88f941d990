package io.icelab.cli;

import io.icelab.ice.Candidate;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.IceSdp;
import io.icelab.ice.Role;
import io.icelab.ice.SdpParseException;
import io.icelab.net.SocketRuntime;
import io.icelab.sim.SimTime;
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
import picocli.CommandLine.Option;

@Command(name = "ice-agent", mixinStandardHelpOptions = true,
        description = {"Run one ICE agent on real sockets, with signalling as plain lines on stdin and stdout.",
                "It prints a=ice-ufrag, a=ice-pwd, a=candidate lines and a=end-of-candidates, reads the peer's the same "
                + "way, prints 'connected LOCAL REMOTE udp' (or 'tcp active|passive|so') when a pair is selected, sends 'send TEXT' lines as "
                + "application data and prints 'data TEXT' for data it receives. Exit 1 on failure or timeout."})
final class IceAgentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(multiplicity = "1")
    RoleChoice role;

    static final class RoleChoice {
        @Option(names = "--controlling", required = true, description = "take the controlling role: this agent nominates")
        boolean controlling;
        @Option(names = "--controlled", required = true, description = "take the controlled role: the peer nominates")
        boolean controlled;
    }

    @Option(names = "--lite", description = "act as an ICE-lite agent (host candidates, answers checks)")
    boolean lite;

    @Option(names = "--aggressive", description = "nominate aggressively (USE-CANDIDATE on every check)")
    boolean aggressive;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "local address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "local port (default: any)")
    int port;

    /** RFC 6544: TCP candidates besides the UDP ones, or instead of them. */
    enum TcpMode { also, only }

    @Option(names = "--tcp", arity = "0..1", fallbackValue = "also", paramLabel = "also|only",
            description = {"gather TCP host candidates (RFC 6544 active and passive; RFC 4571 framing on the "
                    + "connections): 'also' beside the UDP ones (the default when given bare), 'only' instead of them"})
    TcpMode tcp;

    @Option(names = "--mdns", description = {"hide the host address behind a random .local name (an mDNS responder on "
            + "port 5353 of the bind address's interface answers for it) and resolve the peer's .local names with "
            + "one-shot mDNS queries there (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates); the interface must do "
            + "multicast"})
    boolean mdns;

    @Option(names = "--stun", paramLabel = "HOST:PORT", converter = Addresses.class, description = "STUN server")
    InetSocketAddress stun;

    @Option(names = "--timeout", defaultValue = "30s", description = "give up if not connected by then (default ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetAddress ip = InetAddress.getByName(bind);
        long deadline = SimTime.parse(timeout);
        ConcurrentLinkedQueue<String> input = new ConcurrentLinkedQueue<>();
        Mdns names;
        try {
            names = mdns ? Mdns.open(ip, err) : Mdns.NONE;
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
            if (lite) {
                out.println("a=ice-lite");
            }
            out.flush();
            agent.gather(rt.nowNanos());
            Session session = new Session(new Signalling(agent, names, out, err), out, err);
            rt.drive(agent, session::onEvent, () -> session.done(rt.nowNanos(), deadline), Long.MAX_VALUE,
                    now -> session.onInput(now, input));
            if (session.state != Session.State.CONNECTED) {
                if (session.state == Session.State.CHECKING) {
                    err.println("error: not connected within " + timeout);
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
            SocketRuntime rt = SocketRuntime.open(new InetSocketAddress(ip, port));
            if (tcp == null) {
                return rt;
            }
            InetSocketAddress base = rt.localAddresses().get(0);
            try {
                rt.listenTcp(base, io.icelab.stun.StreamFramer.Framing.RFC4571);
                rt.openTcpOnSend(io.icelab.stun.StreamFramer.Framing.RFC4571);
                return rt;
            } catch (java.io.IOException e) {
                rt.close();
                if (port != 0 || attempt == 10) {
                    throw new java.io.IOException("cannot listen for TCP on " + ip.getHostAddress() + ":"
                            + base.getPort() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private IceConfig config(InetAddress ip) {
        IceConfig config = IceConfig.defaults(role.controlling ? Role.CONTROLLING : Role.CONTROLLED)
                .withLoopback(ip.isLoopbackAddress());
        if (lite) {
            config = config.withLite();
        }
        if (aggressive) {
            config = config.withNomination(IceConfig.Nomination.AGGRESSIVE);
        }
        if (stun != null) {
            config = config.withStunServers(List.of(stun));
        }
        if (tcp == TcpMode.also) {
            config = config.withTcpHostCandidates();
        } else if (tcp == TcpMode.only) {
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
