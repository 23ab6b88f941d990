package io.icelab.cli;

import io.icelab.net.SocketRuntime;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.NatBehaviorAttribute;
import io.icelab.stun.RetransmitSchedule;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "binding", mixinStandardHelpOptions = true,
        description = "Send a real Binding request; print the mapped address, round-trip time and the server's SOFTWARE.")
final class StunBindingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Addresses.class,
            description = "the STUN server, e.g. 127.0.0.1:3478 or [::1]:3478")
    InetSocketAddress server;

    @Option(names = "--local", paramLabel = "IP:PORT", converter = Addresses.class,
            description = "local address to send from (default: loopback for a loopback server, else any)")
    InetSocketAddress local;

    @Option(names = "--rto-ms", defaultValue = "500", description = "initial retransmission timeout (default ${DEFAULT-VALUE})")
    long rtoMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress bind = local != null ? local : Addresses.localFor(server);
        try (SocketRuntime rt = SocketRuntime.open(bind)) {
            InetSocketAddress from = rt.localAddresses().get(0);
            StunClient client = new StunClient(new SecureRandom(), new StunClient.Config(
                    RetransmitSchedule.DEFAULT.withRto(rtoMs * 1_000_000L), io.icelab.stun.Version.SOFTWARE, 3));
            client.send(rt.nowNanos(), StunRequest.binding(from, server));
            List<StunClientEvent> events = new ArrayList<>();
            rt.drive(client, events::add, () -> !events.isEmpty(), Long.MAX_VALUE);
            StunClientEvent e = events.get(0);
            if (e instanceof StunClientEvent.Failure f) {
                spec.commandLine().getErr().println("error: " + f.reason() + " from " + MessageJson.format(server)
                        + ": " + f.detail());
                return 1;
            }
            StunClientEvent.Success ok = (StunClientEvent.Success) e;
            CoreAttribute.XorMappedAddress x = ok.response().attribute(CoreAttribute.XorMappedAddress.class);
            CoreAttribute.MappedAddress m = ok.response().attribute(CoreAttribute.MappedAddress.class);
            InetSocketAddress mapped = x != null ? x.address() : m != null ? m.address() : null;
            out.println("local          " + MessageJson.format(from));
            out.println("mapped-address " + (mapped == null ? "(none in the response)" : MessageJson.format(mapped)));
            out.println("rtt-ms         " + String.format(Locale.ROOT, "%.3f", ok.rttNanos() / 1e6));
            out.println("transmissions  " + ok.transmissions());
            CoreAttribute.Software sw = ok.response().attribute(CoreAttribute.Software.class);
            out.println("software       " + (sw == null ? "(none)" : sw.text()));
            NatBehaviorAttribute.OtherAddress other = ok.response().attribute(NatBehaviorAttribute.OtherAddress.class);
            if (other != null) {
                out.println("other-address  " + MessageJson.format(other.address()) + " (RFC 5780 server)");
            }
            return 0;
        }
    }
}
