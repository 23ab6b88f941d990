package io.icelab.cli;


import io.icelab.net.RuntimeRelayAllocator;
import io.icelab.net.SocketRuntime;
import io.icelab.stun.LongTermUsers;
import io.icelab.stun.StaticUsers;
import io.icelab.turn.ByteRateLimit;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.RestApiUsers;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "turn-server", mixinStandardHelpOptions = true,
        description = "Run icelab's TURN server (RFC 8656) on real UDP sockets.")
final class TurnServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "IP:PORT", converter = Addresses.class,
            description = "the address clients reach the server on (UDP, and TCP with --tcp); relays are opened on its IP")
    InetSocketAddress listen;

    @Option(names = "--realm", defaultValue = "icelab", description = "REALM (default ${DEFAULT-VALUE})")
    String realm;

    @Option(names = "--user", paramLabel = "USER:PASSWORD", description = "a long-term user; repeatable")
    List<String> users = List.of();

    @Option(names = "--auth-secret", paramLabel = "SECRET", description = "accept TURN REST API credentials")
    String authSecret;

    @Option(names = "--allow-loopback-peers", description = "relay to loopback peers (tests only)")
    boolean allowLoopback;

    @Option(names = "--allow-private-peers", description = "relay to private-range peers")
    boolean allowPrivate;

    @Option(names = "--relay-range", defaultValue = "49152-65535", paramLabel = "MIN-MAX",
            description = "the ports relayed transport addresses are taken from (default ${DEFAULT-VALUE})")
    String relayRange;

    @Option(names = "--alternate-server", paramLabel = "IP:PORT", converter = Addresses.class,
            description = "answer every new Allocate with 300 Try Alternate to this server (RFC 8489 §10)")
    InetSocketAddress alternateServer;

    @Option(names = "--tcp", description = "also accept clients over TCP on the same address (RFC 8656 §3.1), and "
            + "grant TCP allocations (RFC 6062: Connect, ConnectionAttempt, ConnectionBind)")
    boolean tcp;

    @Option(names = "--tls-listen", paramLabel = "IP:PORT", converter = Addresses.class,
            description = "also accept clients over TLS there (RFC 8656 §3.1 turns:); needs --cert and --key")
    InetSocketAddress tlsListen;

    @Option(names = "--cert", paramLabel = "FILE", description = "the TLS certificate chain (PEM), the server's first")
    java.nio.file.Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "the TLS private key (PEM, unencrypted PKCS#8)")
    java.nio.file.Path key;

    @Option(names = "--duration-s", description = "stop after this many seconds (default: run until interrupted)")
    Long durationSeconds;

    @Option(names = "--user-quota", defaultValue = "10", paramLabel = "N",
            description = "allocations (and EVEN-PORT reservations) one user may hold; past it 486; 0: no limit"
                    + " (default ${DEFAULT-VALUE}; coturn: --user-quota, default unlimited)")
    int userQuota;

    @Option(names = "--total-quota", defaultValue = "1000", paramLabel = "N",
            description = "allocations the server holds in all; past it 508; 0: no limit other than the relay ports"
                    + " (default ${DEFAULT-VALUE}; coturn: --total-quota)")
    int totalQuota;

    @Option(names = "--max-allocate-lifetime", defaultValue = "3600", paramLabel = "SECONDS",
            description = "the longest allocation lifetime granted (RFC 8656 §7.2); requests for more get this"
                    + " (default ${DEFAULT-VALUE}; coturn: --max-allocate-lifetime)")
    long maxAllocateLifetime;

    @Option(names = "--max-bps", defaultValue = "0", paramLabel = "BYTES",
            description = "relayed payload bytes per second one allocation may carry, both directions together;"
                    + " past it datagrams are dropped; 0: no cap (default ${DEFAULT-VALUE}; coturn: --max-bps)")
    long maxBps;

    @Option(names = "--max-permissions", defaultValue = "1000", paramLabel = "N",
            description = "permissions per allocation; past it 508 (default ${DEFAULT-VALUE})")
    int maxPermissions;

    @Option(names = "--max-channels", defaultValue = "1000", paramLabel = "N",
            description = "channels per allocation; past it 508 (default ${DEFAULT-VALUE})")
    int maxChannels;

    @Option(names = "--tcp-max-connections", defaultValue = "4096", paramLabel = "N",
            description = "TCP connections in all; more are closed at once (default ${DEFAULT-VALUE})")
    int tcpMaxConnections;

    @Option(names = "--tcp-max-per-ip", defaultValue = "64", paramLabel = "N",
            description = "TCP connections from one IP (default ${DEFAULT-VALUE})")
    int tcpMaxPerIp;

    @Option(names = "--tcp-idle", defaultValue = "60s", paramLabel = "DURATION",
            description = "close a TCP connection that carried nothing this long and holds no allocation"
                    + " (default ${DEFAULT-VALUE})")
    String tcpIdle;

    @Option(names = "--stats-every", paramLabel = "DURATION",
            description = "print allocations, relayed and dropped packets and the fault counters this often,"
                    + " e.g. 10s (they are printed on exit in any case)")
    String statsEvery;

    @Option(names = {"-v", "--verbose"},
            description = "print every allocation, permission and channel made and every request refused")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LongTermUsers directory;
        if (authSecret != null) {
            directory = new RestApiUsers(authSecret, () -> System.currentTimeMillis() / 1000);
        } else {
            Map<String, String> table = new LinkedHashMap<>();
            for (String u : users) {
                int colon = u.indexOf(':');
                if (colon <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--user wants USER:PASSWORD, got " + u);
                }
                table.put(u.substring(0, colon), u.substring(colon + 1));
            }
            if (table.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --user USER:PASSWORD or --auth-secret");
            }
            directory = new StaticUsers(table);
        }
        String[] range = relayRange.split("-");
        javax.net.ssl.SSLContext tls = tlsContext();
        try (SocketRuntime rt = SocketRuntime.open(listen)) {
            InetSocketAddress bound = rt.localAddresses().get(0);
            InetSocketAddress tlsBound = tls == null ? null : rt.listenTls(tlsListen, tls);
            TurnServer.Config config = TurnServer.Config.of(tlsBound == null ? List.of(bound) : List.of(bound, tlsBound),
                    realm, directory)
                    .withPeers(new PeerPolicy(allowedRanges(), List.of(bound.getAddress())));
            if (alternateServer != null) {
                config = config.withAlternateServer(alternateServer);
            }
            config = limited(config);
            rt.tcpLimits(new io.icelab.net.TcpLimits(tcpMaxConnections, tcpMaxPerIp, duration("--tcp-idle", tcpIdle),
                    io.icelab.net.TcpLimits.DEFAULT.maxPendingBytes()));
            int minPort = Integer.parseInt(range[0].strip());
            int maxPort = Integer.parseInt(range[1].strip());
            // with --tcp, TCP allocations too (RFC 6062): relayed TCP addresses from the same port range
            TurnServer server = new TurnServer(config, new RuntimeRelayAllocator(rt, bound.getAddress(), minPort, maxPort),
                    tcp ? new io.icelab.net.RuntimeTcpRelays(rt, bound.getAddress(), minPort, maxPort)
                            : io.icelab.turn.TcpRelays.NONE, new SecureRandom());
            if (tcp) {
                rt.listenTcp(bound);
            }
            out.println("listening on udp" + (tcp ? " and tcp " : " ") + MessageJson.format(bound)
                    + (tlsBound == null ? "" : ", tls " + MessageJson.format(tlsBound)) + " realm " + realm);
            out.flush();
            rt.connectionHolder((local, remote) -> server.holds(io.icelab.stun.Transport.TCP, remote, local));
            Serving.serve(rt, server, Serving.printing(out, verbose, e -> describe(e)), durationSeconds, out,
                    statsEvery == null ? 0 : duration("--stats-every", statsEvery),
                    () -> "allocations " + server.allocations() + ", reservations " + server.reservations()
                            + ", relayed " + server.relayedPackets() + ", dropped " + server.droppedPackets());
            return 0;
        }
    }

    /** The quota and limit flags applied; out-of-range values are usage errors naming the flag. */
    private TurnServer.Config limited(TurnServer.Config config) {
        if (userQuota < 0 || totalQuota < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    (userQuota < 0 ? "--user-quota " + userQuota : "--total-quota " + totalQuota) + ": 0 or more");
        }
        if (maxAllocateLifetime < 1 || maxAllocateLifetime > 0xffffffffL) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-allocate-lifetime " + maxAllocateLifetime + ": 1 to 4294967295 seconds");
        }
        if (maxBps < 0 || maxBps > ByteRateLimit.MAX) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-bps " + maxBps + ": 0 (no cap) to " + ByteRateLimit.MAX);
        }
        int total = totalQuota == 0 ? Integer.MAX_VALUE : totalQuota;
        TurnServer.Config c = config.withQuotas(userQuota == 0 ? Integer.MAX_VALUE : userQuota, total)
                .withLimits(new TurnServer.Limits(maxPermissions, maxChannels))
                .withLifetimes(Math.min(600, maxAllocateLifetime), maxAllocateLifetime);
        return maxBps == 0 ? c : c.withBandwidth(new ByteRateLimit(maxBps, Math.min(total, 65_536)));
    }

    /** --tls-listen with --cert and --key: the server's TLS context; a file that will not do is a usage error. */
    private javax.net.ssl.SSLContext tlsContext() {
        if (tlsListen == null) {
            if (cert != null || key != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cert and --key go with --tls-listen");
            }
            return null;
        }
        if (cert == null || key == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tls-listen needs --cert FILE and --key FILE");
        }
        try {
            return io.icelab.net.TlsFiles.server(cert, key);
        } catch (io.icelab.net.TlsFiles.TlsFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private long duration(String option, String text) {
        return Serving.positiveDuration(spec, option, text);
    }

    private java.util.Set<io.icelab.turn.PeerRange> allowedRanges() {
        java.util.Set<io.icelab.turn.PeerRange> r = java.util.EnumSet.noneOf(io.icelab.turn.PeerRange.class);
        if (allowLoopback) {
            r.add(io.icelab.turn.PeerRange.LOOPBACK);
        }
        if (allowPrivate) {
            r.add(io.icelab.turn.PeerRange.PRIVATE);
            r.add(io.icelab.turn.PeerRange.LINK_LOCAL);
        }
        return r;
    }

    /** One line per event, addresses as IP:PORT (no leading '/'). */
    static String describe(TurnServerEvent e) {
        if (e instanceof TurnServerEvent.AllocationCreated c) {
            return "allocation created for " + c.user() + " at " + MessageJson.format(c.client()) + ": relayed "
                    + MessageJson.format(c.relayed()) + ", lifetime " + c.lifetimeSeconds() + " s";
        }
        if (e instanceof TurnServerEvent.AllocationDeleted d) {
            return "allocation deleted for " + MessageJson.format(d.client()) + ", relayed "
                    + MessageJson.format(d.relayed()) + ": " + d.reason();
        }
        if (e instanceof TurnServerEvent.PermissionInstalled p) {
            return "permission on relayed " + MessageJson.format(p.relayed()) + " for peer " + p.peerIp();
        }
        if (e instanceof TurnServerEvent.ChannelBound b) {
            return String.format("channel 0x%04x on relayed %s bound to peer %s", b.channel(),
                    MessageJson.format(b.relayed()), MessageJson.format(b.peer()));
        }
        TurnServerEvent.Refused r = (TurnServerEvent.Refused) e;
        return r.method() + " from " + MessageJson.format(r.client()) + " refused: " + r.code() + " " + r.reason();
    }
}
