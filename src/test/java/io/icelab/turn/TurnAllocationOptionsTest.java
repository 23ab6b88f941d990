package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Datagram;
import io.icelab.stun.StaticUsers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dual-stack allocations (RFC 8656 §7.2 / RFC 6156), EVEN-PORT reservations and DONT-FRAGMENT. */
class TurnAllocationOptionsTest {
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);

    /** Our server with a relay allocator that has IPv4 and, when {@code ipv6}, IPv6 ports. */
    static TurnServer server(boolean ipv6) {
        return new TurnServer(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p")), allocator(ipv6),
                new SplittableRandom(1));
    }

    /** Relay ports from 50000 (IPv4) and, when {@code ipv6}, 60000 (IPv6). */
    static RelayAllocator allocator(boolean ipv6) {
        return new RelayAllocator() {
            int v4 = 50000;
            int v6 = 60000;

            public InetSocketAddress allocate(int family, RelayAllocator.Parity parity) {
                if (family == 2) {
                    return ipv6 ? at("2001:db8::1", v6++) : null;
                }
                if (!parity.admits(v4)) {
                    v4++;
                }
                return at("198.51.100.1", v4++);
            }

            public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                return wanted;
            }

            public void release(InetSocketAddress relayed) {
            }
        };
    }

    static List<TurnClientEvent> run(TurnServer s, TurnClient c) {
        c.allocate(0);
        List<TurnClientEvent> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (Datagram d; (d = c.pollTransmit(0)) != null; ) {
                s.handleDatagram(0, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = s.pollTransmit(0)) != null; ) {
                c.handleDatagram(0, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (TurnClientEvent e; (e = c.pollEvent()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    static TurnClient client(int port, java.util.function.UnaryOperator<TurnClient.Config> options) {
        return new TurnClient(new SplittableRandom(port), options.apply(
                TurnClient.Config.of(at("192.0.2.10", port), SERVER, "u", "p")));
    }

    @Test
    void dualAllocation_getsAnIpv4AndAnIpv6RelayedAddress() {
        TurnClient c = client(5000, TurnClient.Config::withDual);
        assertThat(run(server(true), c)).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
        assertThat(c.relayedAddresses()).containsExactly(at("198.51.100.1", 50000), at("2001:db8::1", 60000));
    }

    @Test
    void dualAllocation_withoutIpv6_succeedsForIpv4_andReportsTheOtherFamily() {
        TurnServer s = server(false);
        TurnClient c = client(5001, TurnClient.Config::withDual);
        assertThat(run(s, c)).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
        assertThat(c.relayedAddresses()).containsExactly(at("198.51.100.1", 50000));
    }

    @Test
    void evenPortWithReservation_thenAnotherClientTakesTheReservedPort() {
        TurnServer s = server(false);
        TurnClient rtp = client(5002, cfg -> cfg.withEvenPort(TurnClient.EvenPort.EVEN_RESERVE_NEXT));
        run(s, rtp);
        assertThat(rtp.relayedAddress().getPort() % 2).isZero();
        assertThat(rtp.reservationToken()).isNotZero();
        TurnClient rtcp = client(5003, cfg -> cfg.withReservationToken(rtp.reservationToken()));
        run(s, rtcp);
        assertThat(rtcp.relayedAddress().getPort()).isEqualTo(rtp.relayedAddress().getPort() + 1);
    }

    @Test
    void dontFragment_unsupportedBy420_theClientRetriesWithoutIt() {
        TurnServer s = server(false);
        TurnClient c = client(5004, TurnClient.Config::withDontFragment);
        List<TurnClientEvent> ev = run(s, c);
        assertThat(ev).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
        List<TurnServerEvent> server = new ArrayList<>();
        for (TurnServerEvent e; (e = s.pollEvent()) != null; ) {
            server.add(e);
        }
        assertThat(server).anyMatch(e -> e instanceof TurnServerEvent.Refused r && r.code() == 420);
    }
}
