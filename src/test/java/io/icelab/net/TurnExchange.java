package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The TURN client exchange the coturn interop tests run against a real server: allocate, permission,
 * data by Send indication and by ChannelData echoed by a peer, refresh, delete (RFC 8656 §7-§12).
 */
public final class TurnExchange {
    static final long S = 1_000_000_000L;

    private TurnExchange() {
    }

    /** Drives the client until an event of {@code kind} (returned) or 10 s pass. */
    public static <T extends TurnClientEvent> T await(SocketRuntime rt, TurnClient c, List<TurnClientEvent> seen,
            Class<T> kind) throws Exception {
        int from = seen.size();
        rt.drive(c, seen::add, () -> seen.subList(from, seen.size()).stream().anyMatch(kind::isInstance), 10 * S);
        for (TurnClientEvent e : seen.subList(from, seen.size())) {
            if (kind.isInstance(e)) {
                return kind.cast(e);
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + "; got " + seen.subList(from, seen.size()));
    }

    /**
     * Runs the whole exchange with {@code peer} (an echoing UDP peer) and checks every step: the relayed
     * address is on {@code relayIp} within {@code relayMin..relayMax}, the 600 s lifetime asked for is
     * granted, both data paths echo, the refresh keeps the allocation and the delete ends it cleanly.
     */
    public static List<TurnClientEvent> run(SocketRuntime rt, TurnClient c, InetSocketAddress peer, InetAddress relayIp,
            int relayMin, int relayMax) throws Exception {
        List<TurnClientEvent> seen = new ArrayList<>();
        c.allocate(rt.nowNanos());
        TurnClientEvent.AllocationCreated a = await(rt, c, seen, TurnClientEvent.AllocationCreated.class);
        assertThat(a.relayed().getAddress()).isEqualTo(relayIp);
        assertThat(a.relayed().getPort()).isBetween(relayMin, relayMax);
        assertThat(a.lifetimeSeconds()).isEqualTo(600);

        c.createPermission(rt.nowNanos(), List.of(peer));
        await(rt, c, seen, TurnClientEvent.PermissionCreated.class);
        c.send(rt.nowNanos(), peer, "via send indication".getBytes());
        TurnClientEvent.DataReceived echo = await(rt, c, seen, TurnClientEvent.DataReceived.class);
        assertThat(echo.peer()).isEqualTo(peer);
        assertThat(echo.data().utf8()).isEqualTo("via send indication");

        c.bindChannel(rt.nowNanos(), peer);
        assertThat(await(rt, c, seen, TurnClientEvent.ChannelBound.class).channel()).isEqualTo(0x4000);
        c.send(rt.nowNanos(), peer, "via channel data".getBytes());
        assertThat(await(rt, c, seen, TurnClientEvent.DataReceived.class).data().utf8()).isEqualTo("via channel data");

        c.refresh(rt.nowNanos(), 300);
        rt.drive(c, seen::add, () -> false, S / 2);
        assertThat(c.state()).isEqualTo(TurnClient.State.ALLOCATED);
        c.close(rt.nowNanos());
        await(rt, c, seen, TurnClientEvent.AllocationDeleted.class);
        assertThat(seen).noneMatch(e -> e instanceof TurnClientEvent.AllocationLost);
        return seen;
    }
}
