package io.icelab.sim.tcp;

import static io.icelab.sim.tcp.TcpWire.MS;
import static io.icelab.sim.tcp.TcpWire.S;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RFC 9293's connection state machine between two stacks in virtual time (10 ms one way): the handshake, data, the
 * closes, resets, retransmission per RFC 6298, the simultaneous open, a refused and a timed-out connect.
 */
class TcpConnectionTest {
    static final InetAddress IP_A = address("192.0.2.1");
    static final InetAddress IP_B = address("198.51.100.2");
    static final InetSocketAddress A = new InetSocketAddress(IP_A, 40000);
    static final InetSocketAddress B = new InetSocketAddress(IP_B, 443);

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static TcpWire wire(TcpConfig config) {
        return new TcpWire(new TcpStack(config, new SplittableRandom(1), TcpStack.ClosedPort.RESET), IP_A,
                new TcpStack(config, new SplittableRandom(2), TcpStack.ClosedPort.RESET), IP_B, 10 * MS);
    }

    @Test
    void threeWayHandshake_connectsBothSidesInOneRoundTrip() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(S);
        assertThat(w.events).containsExactly("10ms b Accepted", "20ms a Connected", "30ms b Connected");
        assertThat(w.segmentsFrom(IP_A)).containsExactly("0ms SYN", "20ms ACK");
        assertThat(w.segmentsFrom(IP_B)).containsExactly("10ms SYN,ACK");
        TcpSegment syn = w.sent.get(0).segment();
        TcpSegment synAck = w.sent.get(1).segment();
        assertThat(syn.mss()).as("§3.7.1: the SYN carries MSS").isEqualTo(1460);
        assertThat(synAck.ack()).as("the SYN-ACK acknowledges ISS + 1").isEqualTo(syn.seq() + 1 & 0xffffffffL);
        assertThat(w.sent.get(2).segment().ack()).isEqualTo(synAck.seq() + 1 & 0xffffffffL);
        assertThat(c.state()).isEqualTo(TcpConnection.State.ESTABLISHED);
    }

    @Test
    void data_arrivesInOrder_inSegmentsOfThePeersMss() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT.withMss(1000));
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        byte[] data = new byte[10_000];
        new SplittableRandom(3).nextBytes(data);
        c.send(w.now, data);
        w.runUntil(2 * S);
        assertThat(java.util.Arrays.equals(w.receivedByB.toByteArray(), data)).as("b received the 10,000 bytes").isTrue();
        assertThat(w.segmentsFrom(IP_A)).filteredOn(x -> x.endsWith(" 1000")).hasSize(10);
        assertThat(w.sent).allMatch(x -> x.segment().payload().length() <= 1000);
    }

    @Test
    void aLostDataSegment_isRetransmittedAfterTheRto_andEverythingArrivesInOrder() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT.withMss(1000));
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        boolean[] dropped = {false};
        w.drop = x -> x.from().equals(A) && x.segment().payload().length() > 0 && !dropped[0] && (dropped[0] = true);
        byte[] data = new byte[3000];
        new SplittableRandom(4).nextBytes(data);
        c.send(w.now, data);
        w.runUntil(5 * S);
        assertThat(w.receivedByB.size()).isEqualTo(3000);
        assertThat(java.util.Arrays.equals(w.receivedByB.toByteArray(), data)).as("in order").isTrue();
        // the first segment went at 100 ms and was lost; the RTO measured on the handshake (20 ms RTT) is clamped
        // to the 1 s minimum (RFC 6298 §2.4), so it goes again at 1.1 s
        // the later two arrived out of order and were dropped; each partial ACK sends the next one (RFC 6582)
        assertThat(w.segmentsFrom(IP_A)).containsSubsequence("100ms PSH,ACK 1000", "100ms PSH,ACK 1000",
                "100ms PSH,ACK 1000", "1100ms PSH,ACK 1000", "1120ms PSH,ACK 1000", "1140ms PSH,ACK 1000");
    }

    @Test
    void aLostSyn_goesAgainAfterOneSecond() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        boolean[] dropped = {false};
        w.drop = x -> x.segment().has(TcpSegment.SYN) && !dropped[0] && (dropped[0] = true);
        w.a.connect(0, A, B);
        w.runUntil(3 * S);
        assertThat(w.segmentsFrom(IP_A)).startsWith("0ms SYN", "1000ms SYN");
        assertThat(w.events).contains("1020ms a Connected");
    }

    @Test
    void nobodyAnswering_timesOutAfterTheSynRetries_withTheRtoDoubling() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT.withRetries(3, 15));
        w.drop = x -> true;
        w.a.connect(0, A, B);
        w.runUntil(60 * S);
        assertThat(w.segmentsFrom(IP_A)).containsExactly("0ms SYN", "1000ms SYN", "3000ms SYN", "7000ms SYN");
        assertThat(w.events).containsExactly("15000ms a TimedOut");
        assertThat(w.a.connections()).isZero();
    }

    @Test
    void aClosedPort_answersRst_andTheConnectIsRefused() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.a.connect(0, A, B);
        w.runUntil(S);
        assertThat(w.segmentsFrom(IP_B)).containsExactly("10ms RST,ACK");
        assertThat(w.events).containsExactly("20ms a Refused");
    }

    @Test
    void aDroppingHost_leavesTheConnectToTimeOut() throws Exception {
        TcpWire w = new TcpWire(new TcpStack(TcpConfig.DEFAULT.withRetries(1, 1), new SplittableRandom(1),
                TcpStack.ClosedPort.RESET), IP_A, new TcpStack(TcpConfig.DEFAULT, new SplittableRandom(2),
                TcpStack.ClosedPort.DROP), IP_B, 10 * MS);
        w.a.connect(0, A, B);
        w.runUntil(10 * S);
        assertThat(w.segmentsFrom(IP_B)).isEmpty();
        assertThat(w.events).containsExactly("3000ms a TimedOut");
    }

    @Test
    void simultaneousOpen_bothSynsCross_andBothConnect() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.a.connect(0, A, B);
        w.b.connect(0, B, A);
        w.runUntil(S);
        assertThat(w.segmentsFrom(IP_A)).containsExactly("0ms SYN", "10ms SYN,ACK");
        assertThat(w.segmentsFrom(IP_B)).containsExactly("0ms SYN", "10ms SYN,ACK");
        assertThat(w.events).containsExactlyInAnyOrder("20ms a Connected", "20ms b Connected");
    }

    @Test
    void closeAfterData_bothFinsAcknowledged_andTimeWaitLastsTwoMsl() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        c.send(w.now, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        c.close(w.now);
        w.runUntil(200 * MS);
        assertThat(c.state()).isEqualTo(TcpConnection.State.FIN_WAIT_2);
        assertThat(w.events).contains("110ms b Data 5", "110ms b PeerClosed");
        w.acceptedByB.close(w.now);
        w.runUntil(300 * MS);
        assertThat(w.events).contains("210ms a PeerClosed", "210ms a Closed", "220ms b Closed");
        assertThat(c.state()).isEqualTo(TcpConnection.State.TIME_WAIT);
        assertThat(w.b.connections()).as("LAST-ACK done: the server side is gone").isZero();
        w.runUntil(60 * S + 209 * MS);
        assertThat(w.a.connections()).as("still in TIME-WAIT just before 2 MSL").isEqualTo(1);
        w.runUntil(61 * S);
        assertThat(w.a.connections()).isZero();
    }

    @Test
    void simultaneousClose_goesThroughClosing() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        TcpConnection server = w.acceptedByB;
        c.close(w.now);
        server.close(w.now);
        w.runUntil(200 * MS);
        assertThat(w.segmentsFrom(IP_A)).endsWith("100ms FIN,ACK", "110ms ACK");
        assertThat(c.state()).isEqualTo(TcpConnection.State.TIME_WAIT);
        assertThat(server.state()).isEqualTo(TcpConnection.State.TIME_WAIT);
        assertThat(w.events).contains("110ms a PeerClosed", "120ms a Closed", "120ms b Closed");
    }

    @Test
    void abort_sendsRst_andThePeerIsReset() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        c.abort(w.now);
        w.runUntil(S);
        assertThat(w.segmentsFrom(IP_A)).endsWith("100ms RST");
        assertThat(w.events).contains("100ms a Closed", "110ms b Reset");
    }

    @Test
    void aRstOutsideTheExactSequenceNumber_getsAChallengeAck_notAReset() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        TcpSegment last = w.sent.get(w.sent.size() - 1).segment(); // a's ACK: its seq is what b expects
        c.handleSegment(w.now, new TcpSegment(443, 40000, 12345, 0, TcpSegment.RST, 0, 0, io.icelab.stun.Bytes.EMPTY));
        assertThat(c.state()).as("RFC 5961 §3: a blind RST outside the window changes nothing")
                .isEqualTo(TcpConnection.State.ESTABLISHED);
        assertThat(last.has(TcpSegment.ACK)).isTrue();
    }

    /** §3.10.7.4: a segment outside the window is not taken; an old copy overlapping new data gives only the new. */
    @Test
    void segmentsOutsideTheWindow_areAckedAndDropped_andAnOverlapGivesOnlyTheNewBytes() throws Exception {
        TcpWire w = wire(TcpConfig.DEFAULT);
        w.b.listen(B);
        TcpConnection c = w.a.connect(0, A, B);
        w.runUntil(100 * MS);
        TcpConnection server = w.acceptedByB;
        TcpSegment synAck = w.sent.get(1).segment();
        long next = synAck.seq() + 1 & 0xffffffffL; // what a expects from b
        long ack = w.sent.get(2).segment().seq(); // b's view: a's next sequence number
        drain(c);
        c.handleSegment(w.now, data(next + 70_000, ack, "far"));
        assertThat(c.pollEvent()).as("beyond the window: nothing delivered").isNull();
        assertThat(c.pollSegment()).as("but acknowledged").satisfies(s -> assertThat(s.ack()).isEqualTo(next));
        c.handleSegment(w.now, data(next - 3, ack, "abc"));
        assertThat(c.pollEvent()).as("entirely old: nothing").isNull();
        assertThat(c.pollSegment().ack()).isEqualTo(next);
        c.handleSegment(w.now, data(next - 2, ack, "bcdef"));
        assertThat(c.pollEvent()).isEqualTo(new TcpEvent.DataReceived(io.icelab.stun.Bytes.wrap("def".getBytes())));
        assertThat(c.pollSegment().ack()).isEqualTo(next + 3);
        assertThat(server.state()).isEqualTo(TcpConnection.State.ESTABLISHED);
    }

    @Test
    void theStack_refusesADuplicateConnect_andAnswersAStrayAckWithARstAtItsAckNumber() throws Exception {
        TcpStack s = new TcpStack(TcpConfig.DEFAULT, new SplittableRandom(9), TcpStack.ClosedPort.RESET);
        s.connect(0, A, B);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(0, A, B))
                .isInstanceOf(IllegalStateException.class);
        s.handleSegment(0, B, new InetSocketAddress(IP_A, 40001), new TcpSegment(443, 40001, 5, 777, TcpSegment.ACK,
                100, 0, io.icelab.stun.Bytes.EMPTY));
        TcpStack.Outgoing rst = s.pollSegment();
        assertThat(rst.segment().flags()).isEqualTo(TcpSegment.RST);
        assertThat(rst.segment().seq()).isEqualTo(777);
        assertThat(rst.destination()).isEqualTo(B);
    }

    private static void drain(TcpConnection c) {
        while (c.pollEvent() != null || c.pollSegment() != null) {
            // empty both queues
        }
    }

    private static TcpSegment data(long seq, long ack, String text) {
        return new TcpSegment(443, 40000, seq & 0xffffffffL, ack, TcpSegment.ACK | TcpSegment.PSH, 65535, 0,
                io.icelab.stun.Bytes.wrap(text.getBytes()));
    }
}
