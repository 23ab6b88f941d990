package io.icelab.net;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceSdp;
import io.icelab.ice.SdpParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * ice4j (jitsi, 3.2-15-g6da2b08) speaking the line protocol of {@code icelab ice-agent} (README, "The ice-agent
 * line protocol"): {@code --controlling|--controlled [--bind 127.0.0.1] [--timeout SECONDS]}. One host candidate
 * from ice4j's single-port harvester (its STUN harvester cannot use that socket, so it takes no {@code --stun}); ice4j starts its checks when the peer's {@code a=end-of-candidates} arrives
 * (it takes no trickled candidates once checking). Runs on the test classpath, where ice4j is; the JVM must be
 * given the surefire configuration's {@code ice4j.*} properties, which keep it off every address but the bound one.
 */
public final class Ice4jLineAgent {
    private Ice4jLineAgent() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Boolean controlling = null;
        String bind = "127.0.0.1";
        double timeoutSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--controlling", "--controlled" -> {
                    if (controlling != null) {
                        return usage(err, "--controlling and --controlled are mutually exclusive");
                    }
                    controlling = args[i].equals("--controlling");
                }
                case "--bind" -> bind = i + 1 < args.length ? args[++i] : null;
                case "--timeout" -> {
                    String v = i + 1 < args.length ? args[++i] : "";
                    try {
                        timeoutSeconds = Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
                    } catch (NumberFormatException e) {
                        return usage(err, "--timeout: '" + v + "' is not a number of seconds");
                    }
                }
                default -> {
                    return usage(err, "option '" + args[i] + "' is not supported by the ice4j adapter");
                }
            }
        }
        if (controlling == null || bind == null) {
            return usage(err, controlling == null ? "missing the role: give --controlling or --controlled"
                    : "--bind needs a value");
        }
        InetAddress ip = InetAddress.getByName(bind);
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, ip)) {
            port = probe.getLocalPort(); // a free port for the single-port harvester
        }
        SinglePortUdpHarvester harvester = new SinglePortUdpHarvester(new TransportAddress(ip, port, Transport.UDP));
        Agent agent = new Agent();
        try {
            agent.setUseDynamicPorts(false);
            agent.addCandidateHarvester(harvester);
            IceMediaStream stream = agent.createMediaStream("data");
            Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            out.println("a=ice-ufrag:" + agent.getLocalUfrag());
            out.println("a=ice-pwd:" + agent.getLocalPassword());
            for (LocalCandidate lc : component.getLocalCandidates()) {
                TransportAddress ta = lc.getTransportAddress();
                TransportAddress related = lc.getRelatedAddress();
                out.println("a=candidate:" + lc.getFoundation() + " 1 udp " + lc.getPriority() + " "
                        + ta.getHostAddress() + " " + ta.getPort() + " typ " + lc.getType()
                        + (related == null ? "" : " raddr " + related.getHostAddress() + " rport " + related.getPort()));
            }
            out.println("a=end-of-candidates");
            out.flush();
            return session(agent, stream, component, out, err, timeoutSeconds);
        } finally {
            agent.free();
            harvester.close();
        }
    }

    private static int session(Agent agent, IceMediaStream stream, Component component, PrintStream out,
            PrintStream err, double timeoutSeconds) throws Exception {
        CountDownLatch endOfInput = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        agent.addStateChangeListener(e -> {
            Object state = e.getNewValue();
            if (state == IceProcessingState.COMPLETED) {
                CandidatePair p = component.getSelectedPair();
                synchronized (out) {
                    out.println("connected " + format(p.getLocalCandidate().getTransportAddress()) + " "
                            + format(p.getRemoteCandidate().getTransportAddress()) + " udp");
                    out.flush();
                }
                startReceiving(component, out);
            } else if (state == IceProcessingState.FAILED) {
                err.println("error: ICE failed");
                ended.countDown();
            }
        });
        Thread input = new Thread(() -> readInput(agent, stream, component, err, endOfInput), "ice4j-adapter-stdin");
        input.setDaemon(true);
        input.start();
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (ended.await(50, TimeUnit.MILLISECONDS)) {
                return 1;
            }
            if (component.getSelectedPair() != null && endOfInput.getCount() == 0) {
                return 0;
            }
        }
        if (component.getSelectedPair() != null) {
            endOfInput.await(); // connected: run until the input ends, as the protocol says
            return 0;
        }
        err.println("error: not connected within " + timeoutSeconds + " s");
        return 1;
    }

    private static void readInput(Agent agent, IceMediaStream stream, Component component, PrintStream err,
            CountDownLatch endOfInput) {
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String raw; (raw = in.readLine()) != null; ) {
                String line = raw.strip();
                lineNumber++;
                try {
                    if (line.startsWith("a=ice-ufrag:")) {
                        stream.setRemoteUfrag(IceSdp.checkUfrag(line.substring(12), lineNumber));
                    } else if (line.startsWith("a=ice-pwd:")) {
                        stream.setRemotePassword(IceSdp.checkPwd(line.substring(10), lineNumber));
                    } else if (line.startsWith("a=candidate:")) {
                        Candidate c = IceSdp.parseCandidate(line, lineNumber, null);
                        if (c != null && c.transport() == io.icelab.stun.Transport.UDP) {
                            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address().getAddress(),
                                    c.address().getPort(), Transport.UDP), component, type(c), c.foundation(),
                                    c.priority(), null));
                        }
                    } else if (line.equals("a=end-of-candidates")) {
                        agent.startConnectivityEstablishment();
                    } else if (line.startsWith("send ")) {
                        send(component, line.substring(5), err);
                    } else if (!line.isEmpty() && !line.startsWith("connected ") && !line.startsWith("data ")
                            && !line.equals("a=ice-lite")) {
                        err.println("ignored line " + lineNumber + ": " + line);
                    }
                } catch (SdpParseException e) {
                    err.println("error: " + e.getMessage());
                } catch (RuntimeException e) { // ice4j refusing a candidate: said, and the next line read
                    err.println("error: line " + lineNumber + ": ice4j: " + e);
                }
            }
        } catch (IOException e) {
            err.println("error reading stdin: " + e.getMessage());
        }
        endOfInput.countDown();
    }

    private static org.ice4j.ice.CandidateType type(Candidate c) {
        return switch (c.type()) {
            case HOST -> org.ice4j.ice.CandidateType.HOST_CANDIDATE;
            case SERVER_REFLEXIVE -> org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case PEER_REFLEXIVE -> org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE;
            case RELAYED -> org.ice4j.ice.CandidateType.RELAYED_CANDIDATE;
        };
    }

    private static void send(Component component, String text, PrintStream err) {
        CandidatePair p = component.getSelectedPair();
        if (p == null) {
            err.println("error: not connected, cannot send");
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try {
            p.getIceSocketWrapper().send(new DatagramPacket(b, b.length,
                    p.getRemoteCandidate().getTransportAddress()));
        } catch (IOException e) {
            err.println("error: send: " + e.getMessage());
        }
    }

    /**
     * Application data arrives on the selected pair's socket (with a single-port harvester ice4j makes no merging
     * component socket); STUN that shares it (consent, keepalives) is skipped by its first byte (RFC 7983).
     */
    private static void startReceiving(Component component, PrintStream out) {
        org.ice4j.socket.IceSocketWrapper socket = component.getSelectedPair().getIceSocketWrapper();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1500];
            try {
                while (true) {
                    DatagramPacket d = new DatagramPacket(buf, buf.length);
                    socket.receive(d);
                    if (d.getLength() == 0 || (d.getData()[d.getOffset()] & 0xff) < 4) {
                        continue;
                    }
                    synchronized (out) {
                        out.println("data " + new String(d.getData(), d.getOffset(), d.getLength(), StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the agent was freed
            }
        }, "ice4j-adapter-receive");
        t.setDaemon(true);
        t.start();
    }

    private static String format(TransportAddress a) {
        return io.icelab.stun.TransportAddresses.format(new java.net.InetSocketAddress(a.getAddress(), a.getPort()));
    }

    private static int usage(PrintStream err, String message) {
        // no --stun: ice4j's STUN harvester finds no socket for the single-port harvester's host candidates
        err.println("error: " + message + " (ice4j adapter: --controlling|--controlled [--bind ADDRESS] [--timeout SECONDS])");
        return 2;
    }
}
