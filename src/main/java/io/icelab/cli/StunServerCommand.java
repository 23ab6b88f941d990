package io.icelab.cli;

import io.icelab.net.SocketRuntime;
import io.icelab.stun.StunServer;
import io.icelab.stun.StunServerEvent;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stun-server", mixinStandardHelpOptions = true,
        description = {"Run icelab's STUN server on real sockets.",
                "With --rfc5780 and --alternate it listens on both IPs x both ports and answers CHANGE-REQUEST."})
final class StunServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "IP:PORT", converter = Addresses.class,
            description = "the UDP address to answer on, e.g. 127.0.0.1:3478")
    InetSocketAddress listen;

    @Option(names = "--rfc5780", description = "NAT behaviour discovery mode (needs --alternate)")
    boolean rfc5780;

    @Option(names = "--alternate", paramLabel = "IP:PORT", converter = Addresses.class,
            description = "the second address for RFC 5780 mode, e.g. 127.0.0.2:3479")
    InetSocketAddress alternate;

    @Option(names = "--software", defaultValue = io.icelab.stun.Version.SOFTWARE, description = "SOFTWARE value (default ${DEFAULT-VALUE})")
    String software;

    @Option(names = "--duration-s", description = "stop after this many seconds (default: run until interrupted)")
    Long durationSeconds;

    @Option(names = {"-v", "--verbose"}, description = "print every answered or dropped datagram")
    boolean verbose;

    @Option(names = "--stats-every", paramLabel = "DURATION",
            description = "print answered and dropped requests and the fault counters this often, e.g. 10s"
                    + " (they are printed on exit in any case)")
    String statsEvery;

    @Override
    public Integer call() throws Exception {
        if (rfc5780 != (alternate != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rfc5780 and --alternate go together");
        }
        PrintWriter out = spec.commandLine().getOut();
        StunServer.Config config = new StunServer.Config(listen, alternate, software, null);
        StunServer probe = new StunServer(config);
        try (SocketRuntime rt = SocketRuntime.open(probe.localAddresses())) {
            InetSocketAddress primary = rt.localAddresses().get(0);
            InetSocketAddress alt = alternate == null ? null : rt.localAddresses().get(rt.localAddresses().size() - 1);
            StunServer server = new StunServer(new StunServer.Config(primary, alt, software, null));
            for (InetSocketAddress a : rt.localAddresses()) {
                out.println("listening on udp " + MessageJson.format(a));
            }
            out.flush();
            long[] answered = {0};
            long[] dropped = {0};
            Serving.serve(rt, server, e -> {
                if (e instanceof StunServerEvent.Answered) {
                    answered[0]++;
                } else {
                    dropped[0]++;
                }
                Serving.printing(out, verbose, StunServerCommand::describe).accept(e);
            }, durationSeconds, out, statsEvery == null ? 0 : statsEveryNanos(),
                    () -> "answered " + answered[0] + ", dropped " + dropped[0]);
            return 0;
        }
    }

    private long statsEveryNanos() {
        return Serving.positiveDuration(spec, "--stats-every", statsEvery);
    }

    private static String describe(StunServerEvent e) {
        if (e instanceof StunServerEvent.Answered a) {
            return "answered " + a.method() + " from " + MessageJson.format(a.client())
                    + (a.errorCode() == 0 ? "" : " with error " + a.errorCode())
                    + " (sent from " + MessageJson.format(a.respondedFrom()) + ")";
        }
        StunServerEvent.Dropped d = (StunServerEvent.Dropped) e;
        return "dropped from " + MessageJson.format(d.from()) + ": " + d.reason();
    }
}
