package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RFC 6062 with icelab's client, both ways, against any TURN server granting TCP allocations: a TCP allocation;
 * Connect to a TCP echo peer, a data connection bound to it and 20 messages echoed back whole; then a peer
 * connecting to the relayed address is announced by ConnectionAttempt, bound, and bytes cross both ways.
 */
public final class TcpAllocationExchange {
    static final long S = 1_000_000_000L;

    private TcpAllocationExchange() {
    }

    /** The exchange on the caller's {@code rt} (perhaps with a capture tap) against the TURN server at {@code server}. */
    public static void run(SocketRuntime rt, InetSocketAddress server) throws Exception {
        try (TcpEchoPeer echo = new TcpEchoPeer()) {
            InetSocketAddress local = rt.connectTcp(server);
            TurnClient c = new TurnClient(new SplittableRandom(5), TurnClient.Config.of(local, server, "u", "p")
                    .withTcpAllocation(), RuntimeTcpConnector.dataConnections(rt));
            List<TurnClientEvent> seen = new java.util.ArrayList<>();
            c.allocate(rt.nowNanos());
            InetSocketAddress relayed = TurnExchange.await(rt, c, seen, TurnClientEvent.AllocationCreated.class).relayed();
            // outgoing: Connect, bind, 20 messages echoed
            c.connect(rt.nowNanos(), echo.address());
            assertThat(TurnExchange.await(rt, c, seen, TurnClientEvent.PeerConnected.class).peer()).isEqualTo(echo.address());
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String m = "message " + i + ";";
                sent.append(m);
                c.send(rt.nowNanos(), echo.address(), m.getBytes());
            }
            StringBuilder back = new StringBuilder();
            int from = seen.size();
            rt.drive(c, e -> {
                seen.add(e);
                if (e instanceof TurnClientEvent.DataReceived d) {
                    back.append(d.data().utf8());
                }
            }, () -> back.length() >= sent.length(), 10 * S);
            assertThat(back.toString()).as("the stream echoed through coturn, 0 lost").isEqualTo(sent.toString());
            // incoming: a permission, then a peer connects to the relayed address
            c.createPermission(rt.nowNanos(), List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)));
            TurnExchange.await(rt, c, seen, TurnClientEvent.PermissionCreated.class);
            java.util.concurrent.CompletableFuture<String> peerHeard = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = new java.net.Socket(relayed.getAddress(), relayed.getPort())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("knock knock".getBytes());
                    byte[] buf = new byte[64];
                    int n = s.getInputStream().read(buf);
                    return n <= 0 ? "" : new String(buf, 0, n);
                } catch (java.io.IOException e) {
                    return "failed: " + e;
                }
            });
            int mark = seen.size();
            TurnClientEvent.PeerConnected in = TurnExchange.await(rt, c, seen, TurnClientEvent.PeerConnected.class);
            assertThat(in.peer().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            // the peer's bytes may come with the ConnectionBind success, in the same turn as PeerConnected
            java.util.function.BooleanSupplier knocked = () -> seen.subList(mark, seen.size()).stream().anyMatch(e ->
                    e instanceof TurnClientEvent.DataReceived d && d.data().utf8().equals("knock knock"));
            rt.drive(c, seen::add, knocked, 10 * S);
            assertThat(knocked.getAsBoolean()).as(seen.toString()).isTrue();
            c.send(rt.nowNanos(), in.peer(), "who is there".getBytes());
            rt.drive(c, seen::add, peerHeard::isDone, 10 * S);
            assertThat(peerHeard.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("who is there");
            assertThat(seen).noneMatch(e -> e instanceof TurnClientEvent.PeerConnectionFailed);
        }
    }
}
