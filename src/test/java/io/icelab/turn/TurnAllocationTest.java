package io.icelab.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.IpLiteral;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** One allocation's tables at their edges: permission and channel lifetimes, quarantine, the families it serves. */
class TurnAllocationTest {
    static final long S = 1_000_000_000L;
    static final InetSocketAddress PEER = new InetSocketAddress(IpLiteral.parse("198.51.100.7"), 9000);
    static final InetSocketAddress PEER6 = new InetSocketAddress(IpLiteral.parse("2001:db8::7"), 9000);
    static final InetSocketAddress RELAY4 = new InetSocketAddress(IpLiteral.parse("192.0.2.10"), 50000);
    static final InetSocketAddress RELAY6 = new InetSocketAddress(IpLiteral.parse("2001:db8::10"), 50000);

    static TurnAllocation allocation(InetSocketAddress relayed) {
        return new TurnAllocation(Transport.UDP, new InetSocketAddress(IpLiteral.parse("203.0.113.5"), 4000),
                new InetSocketAddress(IpLiteral.parse("192.0.2.10"), 3478), "alice", new byte[16], false, relayed, Transport.UDP, 600 * S);
    }

    /** RFC 8656 §9: a permission lasts until its time, not at it; purge drops it at that moment. */
    @Test
    void permission_endsAtItsTime() {
        TurnAllocation a = allocation(RELAY4);
        a.permissions.put(PEER.getAddress(), 300 * S);
        assertThat(a.permits(300 * S - 1, PEER.getAddress())).isTrue();
        assertThat(a.permits(300 * S, PEER.getAddress())).isFalse();
        a.purge(300 * S - 1, 300 * S);
        assertThat(a.permissions).hasSize(1);
        a.purge(300 * S, 300 * S);
        assertThat(a.permissions).isEmpty();
    }

    /** §12: a channel ends at its time and its number is quarantined for the given time after that, then free. */
    @Test
    void channel_endsAtItsTime_thenQuarantine() {
        TurnAllocation a = allocation(RELAY4);
        a.channels.put(0x4000, new TurnAllocation.Channel(0x4000, PEER, 600 * S));
        assertThat(a.channel(600 * S - 1, 0x4000)).isNotNull();
        assertThat(a.channelFor(600 * S - 1, PEER)).isNotNull();
        assertThat(a.channel(600 * S, 0x4000)).isNull();
        assertThat(a.channelFor(600 * S, PEER)).isNull();
        assertThat(a.channelFor(0, PEER6)).isNull();
        a.purge(600 * S - 1, 300 * S);
        assertThat(a.channels).containsKey(0x4000);
        assertThat(a.quarantine).isEmpty();
        a.purge(600 * S, 300 * S);
        assertThat(a.channels).isEmpty();
        assertThat(a.quarantine.get(0x4000)).isEqualTo(new TurnAllocation.Channel(0x4000, PEER, 900 * S));
        a.purge(900 * S - 1, 300 * S);
        assertThat(a.quarantine).containsKey(0x4000);
        a.purge(900 * S, 300 * S);
        assertThat(a.quarantine).isEmpty();
    }

    /** RFC 8656 §7.2 and RFC 6156: a dual-stack allocation sends to each peer from the relayed address of its family. */
    @Test
    void families_singleAndDual() {
        TurnAllocation v4 = allocation(RELAY4);
        assertThat(v4.relayedFor(PEER6)).isEqualTo(RELAY4);
        assertThat(v4.servesFamilyOf(PEER)).isTrue();
        assertThat(v4.servesFamilyOf(PEER6)).isFalse();
        assertThat(v4.hasFamily(TurnAttribute.RequestedAddressFamily.IPV4)).isTrue();
        assertThat(v4.hasFamily(TurnAttribute.RequestedAddressFamily.IPV6)).isFalse();

        TurnAllocation dual = allocation(RELAY4);
        dual.relayedOther = RELAY6;
        assertThat(dual.relayedFor(PEER)).isEqualTo(RELAY4);
        assertThat(dual.relayedFor(PEER6)).isEqualTo(RELAY6);
        assertThat(dual.servesFamilyOf(PEER6)).isTrue();
        assertThat(dual.hasFamily(TurnAttribute.RequestedAddressFamily.IPV6)).isTrue();

        TurnAllocation v6 = allocation(RELAY6);
        assertThat(v6.servesFamilyOf(PEER)).isFalse();
        assertThat(v6.hasFamily(TurnAttribute.RequestedAddressFamily.IPV4)).isFalse();
        assertThat(v6.relayedFor(PEER6)).isEqualTo(RELAY6);
    }
}
