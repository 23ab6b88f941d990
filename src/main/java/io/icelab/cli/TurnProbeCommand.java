package io.icelab.cli;

import io.icelab.net.EchoPeer;
import io.icelab.net.SocketRuntime;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "turn-probe", mixinStandardHelpOptions = true,
        description = {"Check a TURN server as an operator would, through a real allocation and relay.",
                "Check a TURN server as an operator would: allocate, create a permission (and a channel), send N "
                + "datagrams through the relay to a peer and back, and report relayed address, lifetime, RTT and "
                + "loss. Without --peer a built-in echo peer on loopback answers (the server must then allow "
                + "loopback peers). Exit 1 with the server's error code and reason on failure."})
final class TurnProbeCommand implements Callable<Integer> {
    static final long MS = 1_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Addresses.class,
            description = "the TURN server, e.g. 127.0.0.1:3478")
    InetSocketAddress server;

    @Option(names = "--user", required = true, paramLabel = "USER:PASSWORD",
            description = "long-term credentials the server accepts")
    String user;

    @Option(names = "--peer", paramLabel = "IP:PORT", converter = Addresses.class, description = "an echoing peer")
    InetSocketAddress peer;

    @Option(names = "--count", defaultValue = "10", description = "datagrams to send (default ${DEFAULT-VALUE})")
    int count;

    @CommandLine.ArgGroup
    Mode mode;

    static final class Mode {
        @Option(names = "--channel", description = "send over a bound channel (ChannelData)")
        boolean channel;
        @Option(names = "--indication", description = "send with Send indications (default)")
        boolean indication;
    }

    @Option(names = "--tcp", description = "reach the server over TCP (RFC 8656 §3.1); the relay to the peer stays UDP")
    boolean tcp;

    @Option(names = "--tls", description = "reach the server over TLS (RFC 8656 §3.1 turns:); its certificate must "
            + "name the address given and be trusted (--ca, or the JDK's default trust)")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "with --tls: trust only the certificates in this PEM file")
    java.nio.file.Path ca;

    @Option(names = "--realm", description = "accepted for symmetry; the realm comes from the server's 401")
    String realm;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int colon = user.indexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user wants USER:PASSWORD");
        }
        if (ca != null && !tls) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca goes with --tls");
        }
        boolean channel = mode != null && mode.channel;
        InetSocketAddress bind = Addresses.localFor(server);
        try (SocketRuntime rt = SocketRuntime.open(bind); EchoPeer echo = peer == null ? new EchoPeer(bind) : null) {
            InetSocketAddress target = peer != null ? peer : echo.address();
            InetSocketAddress local = tls ? rt.connectTls(server, trust()) : tcp ? rt.connectTcp(server)
                    : rt.localAddresses().get(0);
            TurnClient c = new TurnClient(new SecureRandom(), TurnClient.Config.of(local, server,
                    user.substring(0, colon), user.substring(colon + 1))
                    .withFamily(server.getAddress() instanceof java.net.Inet6Address ? 2 : 1)
                    .withSoftware("icelab-turn-probe")
                    .withTransport(tcp || tls ? io.icelab.stun.Transport.TCP : io.icelab.stun.Transport.UDP));
            List<TurnClientEvent> seen = new ArrayList<>();
            c.allocate(rt.nowNanos());
            TurnClientEvent first = until(rt, c, seen, e -> e instanceof TurnClientEvent.AllocationCreated
                    || e instanceof TurnClientEvent.AllocationFailed);
            if (!(first instanceof TurnClientEvent.AllocationCreated a)) {
                TurnClientEvent.AllocationFailed f = (TurnClientEvent.AllocationFailed) first;
                err.println("error: allocation failed: " + (f == null ? "no answer" : f.code() + " " + f.reason()));
                return 1;
            }
            out.println("relayed   " + MessageJson.format(a.relayed()));
            out.println("mapped    " + (a.mapped() == null ? "-" : MessageJson.format(a.mapped())));
            out.println("lifetime  " + a.lifetimeSeconds() + " s");
            if (!permit(rt, c, seen, target, channel, err)) {
                return 1;
            }
            List<Long> rtts = echo(rt, c, target);
            double loss = 100.0 * (count - rtts.size()) / count;
            out.println("mode      " + (channel ? "channel " + String.format("0x%04x", c.channel(target)) : "send indication"));
            out.println(String.format(Locale.ROOT, "sent %d  received %d  loss %.1f%%", count, rtts.size(), loss));
            if (!rtts.isEmpty()) {
                out.println(String.format(Locale.ROOT, "rtt-ms    min %.3f  avg %.3f  max %.3f",
                        rtts.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
                        rtts.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6,
                        rtts.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6));
            }
            c.close(rt.nowNanos());
            until(rt, c, seen, e -> e instanceof TurnClientEvent.AllocationDeleted || e instanceof TurnClientEvent.AllocationLost);
            return rtts.size() == count ? 0 : 1;
        }
    }

    /** RFC 8656 §9 or §12: a permission, or a channel, for the target; false (with the reason printed) when refused. */
    private static boolean permit(SocketRuntime rt, TurnClient c, List<TurnClientEvent> seen, InetSocketAddress target,
            boolean channel, PrintWriter err) throws java.io.IOException {
        if (channel) {
            c.bindChannel(rt.nowNanos(), target);
        } else {
            c.createPermission(rt.nowNanos(), List.of(target));
        }
        TurnClientEvent perm = until(rt, c, seen, e -> e instanceof TurnClientEvent.PermissionCreated
                || e instanceof TurnClientEvent.ChannelBound || e instanceof TurnClientEvent.PermissionFailed
                || e instanceof TurnClientEvent.ChannelBindFailed);
        if (perm instanceof TurnClientEvent.PermissionFailed f) {
            err.println("error: permission refused: " + f.code() + " " + f.reason());
            return false;
        }
        if (perm instanceof TurnClientEvent.ChannelBindFailed f) {
            err.println("error: channel bind refused: " + f.code() + " " + f.reason());
            return false;
        }
        if (perm == null) {
            err.println("error: no answer to " + (channel ? "ChannelBind" : "CreatePermission"));
            return false;
        }
        return true;
    }

    /** {@code --count} numbered datagrams through the relay, 20 ms apart; the round-trip times of those that came back. */
    private List<Long> echo(SocketRuntime rt, TurnClient c, InetSocketAddress target) throws java.io.IOException {
        long[] sentAt = new long[count];
        List<Long> rtts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sentAt[i] = rt.nowNanos();
            c.send(sentAt[i], target, ByteBuffer.allocate(8).putInt(0x69636c62).putInt(i).array());
            rt.drive(c, e -> record(e, sentAt, rtts, rt), () -> false, 20 * MS);
        }
        rt.drive(c, e -> record(e, sentAt, rtts, rt), () -> rtts.size() >= count, 2000 * MS);
        return rtts;
    }

    private static void record(TurnClientEvent e, long[] sentAt, List<Long> rtts, SocketRuntime rt) {
        if (e instanceof TurnClientEvent.DataReceived d && d.data().length() == 8) {
            ByteBuffer b = ByteBuffer.wrap(d.data().toArray());
            if (b.getInt() == 0x69636c62) {
                int i = b.getInt();
                if (i >= 0 && i < sentAt.length) {
                    rtts.add(rt.nowNanos() - sentAt[i]);
                }
            }
        }
    }

    /** Drives until an event matches (returned) or 15 s pass (null). */
    private static TurnClientEvent until(SocketRuntime rt, TurnClient c, List<TurnClientEvent> seen,
            Predicate<TurnClientEvent> match) throws java.io.IOException {
        int from = seen.size();
        rt.drive(c, seen::add, () -> seen.subList(from, seen.size()).stream().anyMatch(match), 15_000 * MS);
        return seen.subList(from, seen.size()).stream().filter(match).findFirst().orElse(null);
    }

    /** --tls's trust: the --ca file's certificates, or the JDK's defaults; a file that will not do is a usage error. */
    private javax.net.ssl.SSLContext trust() {
        try {
            return io.icelab.net.TlsFiles.client(ca);
        } catch (io.icelab.net.TlsFiles.TlsFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
