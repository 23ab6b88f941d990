package io.icelab.cli;

import io.icelab.net.SocketRuntime;
import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.NatDiscoveryEvent;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "nat-discover", mixinStandardHelpOptions = true,
        description = "RFC 5780 NAT behaviour discovery against a STUN server in RFC 5780 mode.")
final class NatDiscoverCommand implements Callable<Integer> {
    static final long S = 1_000_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Addresses.class,
            description = "a STUN server in RFC 5780 mode (it sends OTHER-ADDRESS and honours CHANGE-REQUEST)")
    InetSocketAddress server;

    @Option(names = "--local", paramLabel = "IP:PORT", converter = Addresses.class,
            description = "local address to test from (default: loopback for a loopback server, else any)")
    InetSocketAddress local;

    @Option(names = "--lifetime", description = "also estimate the binding lifetime (takes minutes)")
    boolean lifetime;

    @Option(names = "--no-hairpin", description = "skip the hairpinning test")
    boolean noHairpin;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress bind = local != null ? local : Addresses.localFor(server);
        List<InetSocketAddress> binds = lifetime ? List.of(bind, new InetSocketAddress(bind.getAddress(), 0)) : List.of(bind);
        try (SocketRuntime rt = SocketRuntime.open(binds)) {
            List<InetSocketAddress> locals = rt.localAddresses();
            NatDiscoveryClient client = new NatDiscoveryClient(new SecureRandom(), new NatDiscoveryClient.Config(
                    locals.get(0), lifetime ? locals.get(1) : null, server, NatDiscoveryClient.Config.QUICK, !noHairpin,
                    lifetime ? new NatDiscoveryClient.LifetimeSearch(15 * S, 600 * S, 10 * S) : null));
            List<NatBehavior> result = new ArrayList<>();
            client.start(rt.nowNanos());
            rt.drive(client, e -> {
                if (e instanceof NatDiscoveryEvent.TestCompleted t) {
                    out.println(String.format("%-45s %s", t.test(), t.outcome()));
                    out.flush();
                } else {
                    result.add(((NatDiscoveryEvent.Finished) e).behavior());
                }
            }, () -> !result.isEmpty(), Long.MAX_VALUE);
            NatBehavior b = result.get(0);
            out.println("outcome      " + b.outcome());
            if (b.mappedAddress() != null) {
                out.println("mapped       " + MessageJson.format(b.mappedAddress()));
            }
            out.println("mapping      " + b.mapping());
            out.println("filtering    " + b.filtering());
            out.println("hairpinning  " + b.hairpinning());
            if (b.bindingLifetimeNanos() != NatBehavior.NOT_MEASURED) {
                out.println("lifetime-s   >= " + b.bindingLifetimeNanos() / S);
            }
            b.notes().forEach(n -> out.println("note         " + n));
            return b.outcome() == NatBehavior.Outcome.UDP_BLOCKED ? 1 : 0;
        }
    }
}
