package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Client transactions driven with explicit virtual time (RFC 8489 §6.2, §6.3). */
class StunClientTest {
    static final long MS = 1_000_000L;
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.2", 5000);
    static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.10", 3478);

    /** Runs the client alone until it stops scheduling; returns the times of each transmission in ms. */
    static List<Long> transmissionTimes(StunClient c, List<StunClientEvent> events) {
        List<Long> times = new ArrayList<>();
        long now = 0;
        for (int guard = 0; guard < 100; guard++) {
            for (Datagram d; (d = c.pollTransmit(now)) != null; ) {
                times.add(now / MS);
            }
            events.addAll(Wire.events(c));
            long next = c.pollTimeout();
            if (next == SansIo.NO_DEADLINE) {
                return times;
            }
            now = next;
            c.handleTimeout(now);
        }
        throw new AssertionError("the client never stopped");
    }

    @Test
    void givenSilentServerOverUdp_whenBinding_thenSevenSendsAtRfcTimes_andTimeoutAt39_5s() {
        StunClient c = new StunClient(new SplittableRandom(1));
        long h = c.send(0, StunRequest.binding(LOCAL, SERVER));
        List<StunClientEvent> events = new ArrayList<>();
        assertThat(transmissionTimes(c, events)).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(events).hasSize(1);
        StunClientEvent.Failure f = (StunClientEvent.Failure) events.get(0);
        assertThat(f.handle()).isEqualTo(h);
        assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.TIMEOUT);
        assertThat(f.detail()).contains("7 transmissions").contains("39500 ms");
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void givenConfiguredRto_whenSilent_thenScheduleScales() {
        StunClient c = new StunClient(new SplittableRandom(1), new StunClient.Config(
                RetransmitSchedule.DEFAULT.withRto(100 * MS).withRc(3), null, 3));
        c.send(0, StunRequest.binding(LOCAL, SERVER));
        List<StunClientEvent> events = new ArrayList<>();
        assertThat(transmissionTimes(c, events)).containsExactly(0L, 100L, 300L);
        assertThat(((StunClientEvent.Failure) events.get(0)).detail()).contains("1900 ms"); // 300 + 16 × 100
    }

    @Test
    void givenTcp_whenSilent_thenSentOnce_andTimeoutAt39_5s() {
        StunClient c = new StunClient(new SplittableRandom(1));
        c.send(0, new StunRequest(Transport.TCP, LOCAL, SERVER, Method.BINDING, List.of(), null, false));
        List<StunClientEvent> events = new ArrayList<>();
        assertThat(transmissionTimes(c, events)).containsExactly(0L);
        assertThat(((StunClientEvent.Failure) events.get(0)).detail()).contains("39500 ms");
    }

    @Test
    void givenServerAnswersSecondTransmission_thenSuccessWithRtt_andDuplicatesIgnored() {
        StunClient c = new StunClient(new SplittableRandom(2));
        StunServer s = new StunServer(StunServer.Config.basic(SERVER));
        c.send(0, StunRequest.binding(LOCAL, SERVER));
        c.pollTransmit(0); // the first transmission is lost
        c.handleTimeout(500 * MS);
        Datagram retransmit = c.pollTransmit(500 * MS);
        s.handleDatagram(520 * MS, new Datagram(Transport.UDP, SERVER, LOCAL, retransmit.payload()));
        Datagram response = s.pollTransmit(520 * MS);
        Datagram arrived = new Datagram(Transport.UDP, LOCAL, SERVER, response.payload());
        c.handleDatagram(540 * MS, arrived);
        c.handleDatagram(541 * MS, arrived); // a duplicate
        List<StunClientEvent> events = Wire.events(c);
        assertThat(events).hasSize(1);
        StunClientEvent.Success ok = (StunClientEvent.Success) events.get(0);
        assertThat(ok.rttNanos()).isEqualTo(540 * MS);
        assertThat(ok.transmissions()).isEqualTo(2);
        assertThat(ok.response().attribute(CoreAttribute.XorMappedAddress.class).address()).isEqualTo(LOCAL);
        assertThat(c.droppedDatagrams()).isEqualTo(1);
        assertThat(c.pollTimeout()).isEqualTo(SansIo.NO_DEADLINE);
    }

    @Test
    void givenResponseWithUnknownIdOrBadFingerprint_thenIgnored_andTransactionGoesOn() {
        StunClient c = new StunClient(new SplittableRandom(3));
        long h = c.send(0, StunRequest.binding(LOCAL, SERVER));
        TransactionId id = c.transactionId(h);
        byte[] stranger = StunMessageBuilder.of(MessageClass.SUCCESS_RESPONSE, Method.BINDING,
                new TransactionId(id.high() + 1, id.low())).fingerprint().encode();
        byte[] corrupt = StunMessageBuilder.of(MessageClass.SUCCESS_RESPONSE, Method.BINDING, id)
                .add(new CoreAttribute.XorMappedAddress(LOCAL)).fingerprint().encode();
        corrupt[corrupt.length - 1] ^= 1;
        c.handleDatagram(10 * MS, Datagram.udp(LOCAL, SERVER, stranger));
        c.handleDatagram(10 * MS, Datagram.udp(LOCAL, SERVER, corrupt));
        c.handleDatagram(10 * MS, Datagram.udp(LOCAL, SERVER, new byte[] {1, 2, 3}));
        assertThat(Wire.events(c)).isEmpty();
        assertThat(c.inFlight()).isEqualTo(1);
        assertThat(c.droppedDatagrams()).isEqualTo(3);
    }

    @Test
    void givenCancel_thenNoRetransmissionAndNoEvent() {
        StunClient c = new StunClient(new SplittableRandom(4));
        long h = c.send(0, StunRequest.binding(LOCAL, SERVER));
        c.pollTransmit(0);
        assertThat(c.cancel(h)).isTrue();
        assertThat(c.cancel(h)).isFalse();
        assertThat(c.pollTimeout()).isEqualTo(SansIo.NO_DEADLINE);
        c.handleTimeout(40_000 * MS);
        assertThat(c.pollTransmit(40_000 * MS)).isNull();
        assertThat(Wire.events(c)).isEmpty();
    }

    @Test
    void givenErrorResponse_thenFailureCarriesCode() {
        StunClient c = new StunClient(new SplittableRandom(5));
        StunServer s = new StunServer(StunServer.Config.basic(SERVER));
        c.send(0, new StunRequest(Transport.UDP, LOCAL, SERVER, Method.ALLOCATE, List.of(), null, true));
        Wire.exchange(0, c, s);
        StunClientEvent.Failure f = (StunClientEvent.Failure) Wire.events(c).get(0);
        assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.ERROR_RESPONSE);
        assertThat(f.errorCode()).isEqualTo(400);
    }

    @Test
    void givenSameSeed_thenSameBytes() {
        assertThat(firstBytes(9)).isEqualTo(firstBytes(9)).isNotEqualTo(firstBytes(10));
    }

    private static byte[] firstBytes(long seed) {
        StunClient c = new StunClient(new SplittableRandom(seed));
        c.send(0, StunRequest.binding(LOCAL, SERVER));
        return c.pollTransmit(0).payload().toArray();
    }

    /** RFC 8489 §9.1.4: over TCP a response failing integrity ends the transaction at once, with the violation. */
    @Test
    void givenTcp_whenTheAnswerFailsIntegrity_thenTheTransactionEndsAtOnce_withTheViolation() throws Exception {
        StunClient c = new StunClient(new SplittableRandom(3));
        c.send(0, new StunRequest(Transport.TCP, LOCAL, SERVER, Method.BINDING, List.of(), null, false)
                .withCredentials(new StunCredentials.ShortTerm("alice", "s3cret")));
        Datagram request = c.pollTransmit(0);
        StunMessage m = StunDecoder.decode(request.payload());
        byte[] forged = StunMessageBuilder.successFor(m).add(new CoreAttribute.XorMappedAddress(LOCAL))
                .integrity(StunKeys.shortTerm("not-s3cret")).encode();
        c.handleDatagram(10 * MS, new Datagram(Transport.TCP, LOCAL, SERVER, Bytes.wrap(forged)));
        List<StunClientEvent> events = Wire.events(c);
        assertThat(events).singleElement().satisfies(e -> assertThat(((StunClientEvent.Failure) e).reason())
                .isEqualTo(StunClientEvent.Failure.Reason.INTEGRITY_VIOLATED));
        assertThat(c.inFlight()).isZero();
    }

    /** Over UDP the same answer is discarded and the retransmissions go on; the end signals the violation. */
    @Test
    void givenUdp_whenTheAnswerFailsIntegrity_thenRetransmissionsGoOn_andTheEndSignalsTheViolation() throws Exception {
        StunClient c = new StunClient(new SplittableRandom(4));
        c.send(0, StunRequest.binding(LOCAL, SERVER).withCredentials(new StunCredentials.ShortTerm("alice", "s3cret")));
        Datagram request = c.pollTransmit(0);
        StunMessage m = StunDecoder.decode(request.payload());
        byte[] forged = StunMessageBuilder.successFor(m).add(new CoreAttribute.XorMappedAddress(LOCAL))
                .integrity(StunKeys.shortTerm("not-s3cret")).encode();
        c.handleDatagram(10 * MS, new Datagram(Transport.UDP, LOCAL, SERVER, Bytes.wrap(forged)));
        assertThat(Wire.events(c)).isEmpty();
        assertThat(c.inFlight()).isEqualTo(1);
        List<StunClientEvent> events = new ArrayList<>();
        assertThat(transmissionTimes(c, events)).hasSize(6);
        assertThat(events).singleElement().satisfies(e -> assertThat(((StunClientEvent.Failure) e).reason())
                .isEqualTo(StunClientEvent.Failure.Reason.INTEGRITY_VIOLATED));
    }
}
