package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.SharedCorpus;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The lint rules on hand-built exchanges and on real captures. */
class CaptureLintTest {
    static final Path SYNTHETIC = Path.of("synthetic");

    static byte[] check(TransactionId tid, boolean withUsername) {
        StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, tid)
                .add(new IceAttribute.Priority(1853824767L)).add(new IceAttribute.IceControlling(42));
        if (withUsername) {
            b.add(new CoreAttribute.Username(io.icelab.stun.Bytes.wrap("bob1:alic".getBytes())));
        }
        return b.integrity("pwd-of-bob-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)).fingerprint().encode();
    }

    static RawFrame udpFrame(int n, long timeNanos, int sport, int dport, byte[] payload, boolean reverse) {
        byte[] ip = FrameDecoderTest.ipv4(17, n, 0, false, FrameDecoderTest.udp(sport, dport, payload));
        if (reverse) { // swap the addresses
            System.arraycopy(FrameDecoderTest.B, 0, ip, 12, 4);
            System.arraycopy(FrameDecoderTest.A, 0, ip, 16, 4);
        }
        return new RawFrame(n, timeNanos, FrameDecoder.DLT_RAW, ip);
    }

    static List<Finding> lint(List<RawFrame> frames) {
        return CaptureLint.lint(CaptureAnalysis.of(SYNTHETIC, frames));
    }

    static RawFrame tcpFrame(int n, int sport, int dport, long seq, byte[] payload, boolean reverse) {
        byte[] ip = FrameDecoderTest.ipv4(6, n, 0, false, FrameDecoderTest.tcp(sport, dport, seq, 0x18, payload));
        if (reverse) {
            System.arraycopy(FrameDecoderTest.B, 0, ip, 12, 4);
            System.arraycopy(FrameDecoderTest.A, 0, ip, 16, 4);
        }
        return new RawFrame(n, n * 1_000_000L, FrameDecoder.DLT_RAW, ip);
    }

    /**
     * ICE-TCP (RFC 4571 framing): the flow that appears first (the peer's check) also carries the answer to our
     * later check; messages are linted in capture order, so that answer finds its request.
     */
    @Test
    void checksBothWaysOnOneConnection_areMatchedInCaptureOrder() {
        TransactionId theirs = TransactionId.random(new SplittableRandom(11));
        TransactionId ours = TransactionId.random(new SplittableRandom(12));
        byte[] theirCheck = io.icelab.stun.StreamFramer.frame4571(check(theirs, true));
        byte[] ourAnswer = io.icelab.stun.StreamFramer.frame4571(
                StunMessageBuilder.successFor(decode(check(theirs, true))).fingerprint().encode());
        byte[] ourCheck = io.icelab.stun.StreamFramer.frame4571(check(ours, true));
        byte[] theirAnswer = io.icelab.stun.StreamFramer.frame4571(
                StunMessageBuilder.successFor(decode(check(ours, true))).fingerprint().encode());
        List<Finding> f = lint(List.of(
                tcpFrame(1, 50000, 6000, 1, theirCheck, true),
                tcpFrame(2, 6000, 50000, 1, ourAnswer, false),
                tcpFrame(3, 6000, 50000, 1 + ourAnswer.length, ourCheck, false),
                tcpFrame(4, 50000, 6000, 1 + theirCheck.length, theirAnswer, true)));
        assertThat(f).noneMatch(x -> x.rule().equals("RFC8489-6.3.3") || x.rule().equals("RFC8489-6.2"));
    }

    @Test
    void aCleanCheckAndItsResponse_haveNoErrorsOrWarnings() {
        TransactionId tid = TransactionId.random(new SplittableRandom(1));
        byte[] response = StunMessageBuilder.successFor(decode(check(tid, true)))
                .fingerprint().encode();
        assertThat(lint(List.of(udpFrame(1, 0, 5000, 6000, check(tid, true), false),
                udpFrame(2, 30_000_000L, 6000, 5000, response, true))))
                .allMatch(x -> x.severity() == Finding.Severity.INFO && x.rule().equals("RFC8445-8.1.1"));
    }

    @Test
    void aFlippedByte_isAnInvalidFingerprint_andAMissingUsername_isNamed() {
        byte[] m = check(TransactionId.random(new SplittableRandom(2)), true);
        m[m.length - 20] ^= 0x01; // inside MESSAGE-INTEGRITY, which FINGERPRINT covers
        List<Finding> f = lint(List.of(udpFrame(7, 0, 5000, 6000, m, false)));
        assertThat(f).anyMatch(x -> x.rule().equals("RFC8489-14.7") && x.frame() == 7
                && x.severity() == Finding.Severity.ERROR);
        List<Finding> g = lint(List.of(udpFrame(3, 0, 5000, 6000, check(TransactionId.random(new SplittableRandom(3)), false),
                false)));
        assertThat(g).anyMatch(x -> x.rule().equals("RFC8445-7.1.2") && x.text().contains("USERNAME"));
    }

    @Test
    void transactions_orphanResponses_andFastOrShrinkingRetransmissions() {
        TransactionId tid = TransactionId.random(new SplittableRandom(4));
        byte[] req = check(tid, true);
        List<RawFrame> frames = new ArrayList<>();
        frames.add(udpFrame(1, 0, 5000, 6000, req, false));
        frames.add(udpFrame(2, 100_000_000L, 5000, 6000, req, false)); // 100 ms: too soon
        frames.add(udpFrame(3, 1_100_000_000L, 5000, 6000, req, false)); // 1000 ms
        frames.add(udpFrame(4, 1_300_000_000L, 5000, 6000, req, false)); // 200 ms: shrank
        byte[] stray = StunMessageBuilder.successFor(decode(
                check(TransactionId.random(new SplittableRandom(5)), true))).fingerprint().encode();
        frames.add(udpFrame(5, 1_400_000_000L, 6000, 5000, stray, true));
        List<Finding> f = lint(frames);
        assertThat(f).extracting(Finding::rule, Finding::frame).contains(
                org.assertj.core.groups.Tuple.tuple("RFC8489-6.2.1", 2),
                org.assertj.core.groups.Tuple.tuple("RFC8489-6.2.1", 4),
                org.assertj.core.groups.Tuple.tuple("RFC8489-6.3.3", 5),
                org.assertj.core.groups.Tuple.tuple("RFC8489-6.2", 1));
    }

    /** Frame 195 of nDPI's stun.pcap carries a FINGERPRINT that CRC-32 itself disproves; lint flags it, only it. */
    @Test
    void theCorpus_onlyFingerprintError_isARealOne() throws Exception {
        CaptureAnalysis a = CaptureAnalysis.of(SharedCorpus.require("nDPI__stun.pcap"));
        List<Finding> errors = CaptureLint.lint(a).stream().filter(x -> x.rule().equals("RFC8489-14.7")).toList();
        assertThat(errors).extracting(Finding::frame).containsExactly(195);
        CapturedMessage m = a.messages().stream().filter(x -> x.frame() == 195).findFirst().orElseThrow();
        byte[] wire = ((CapturedMessage.Stun) m.content()).message().wireBytes().toArray();
        int at = wire.length - 8; // FINGERPRINT is last: type, length, value
        CRC32 crc = new CRC32();
        crc.update(wire, 0, at);
        long stored = java.nio.ByteBuffer.wrap(wire, at + 4, 4).getInt() & 0xffffffffL;
        assertThat((crc.getValue() ^ 0x5354554eL) & 0xffffffffL).isNotEqualTo(stored);
        // and every ICE check in the SBC test call carries what RFC 8445 §7.1.2 asks for
        CaptureAnalysis call = CaptureAnalysis.of(SharedCorpus.require("zeek-spicy-stun__stun-ice-testcall.pcap"));
        assertThat(CaptureLint.lint(call)).noneMatch(x -> x.rule().equals("RFC8445-7.1.2"))
                .anyMatch(x -> x.rule().equals("RFC8489-6.2.1") && x.text().contains("100 ms"));
    }

    @Test
    void turnSession_unauthenticatedRequests_sendsWithoutPermission_andUnboundChannels() {
        SplittableRandom r = new SplittableRandom(9);
        byte[] key = "k".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.InetSocketAddress p1 = new java.net.InetSocketAddress("198.51.100.7", 4000);
        java.net.InetSocketAddress p2 = new java.net.InetSocketAddress("198.51.100.8", 4000);
        byte[] alloc = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.RequestedTransport(17)).fingerprint().encode();
        byte[] allocOk = StunMessageBuilder.successFor(decode(alloc)).fingerprint().encode();
        byte[] perm = StunMessageBuilder.request(Method.CREATE_PERMISSION, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p1)).integrity(key).fingerprint().encode();
        byte[] permOk = StunMessageBuilder.successFor(decode(perm)).integrity(key).fingerprint().encode();
        byte[] sendOk = StunMessageBuilder.indication(Method.SEND, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p1))
                .add(new io.icelab.stun.TurnAttribute.Data(io.icelab.stun.Bytes.wrap(new byte[] {1}))).encode();
        byte[] sendBad = StunMessageBuilder.indication(Method.SEND, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p2))
                .add(new io.icelab.stun.TurnAttribute.Data(io.icelab.stun.Bytes.wrap(new byte[] {1}))).encode();
        byte[] channelData = new io.icelab.turn.ChannelData(0x4001, io.icelab.stun.Bytes.wrap(new byte[] {1, 2, 3, 4}))
                .encode(io.icelab.stun.Transport.UDP);
        byte[] refresh = StunMessageBuilder.request(Method.REFRESH, TransactionId.random(r)).fingerprint().encode();
        long ms = 1_000_000L;
        List<Finding> f = lint(List.of(udpFrame(1, 0, 5000, 3478, alloc, false),
                udpFrame(2, 10 * ms, 3478, 5000, allocOk, true),
                udpFrame(3, 20 * ms, 5000, 3478, perm, false),
                udpFrame(4, 30 * ms, 3478, 5000, permOk, true),
                udpFrame(5, 40 * ms, 5000, 3478, sendOk, false),
                udpFrame(6, 50 * ms, 5000, 3478, sendBad, false),
                udpFrame(7, 60 * ms, 5000, 3478, channelData, false),
                udpFrame(8, 70 * ms, 5000, 3478, refresh, false)));
        assertThat(f).extracting(Finding::rule, Finding::frame).contains(
                org.assertj.core.groups.Tuple.tuple("RFC8656-11.2", 6),
                org.assertj.core.groups.Tuple.tuple("RFC8656-12", 7),
                org.assertj.core.groups.Tuple.tuple("RFC8656-5", 8));
        assertThat(f).noneMatch(x -> x.frame() == 5 || x.frame() == 1 && !x.rule().equals("RFC8489-6.2"));
    }

    /**
     * The server handles a client's messages in order: a Send indication right behind a CreatePermission
     * (before its answer, as Chromium sends them) is fine when that request succeeds, dropped when it fails.
     */
    @Test
    void turnSession_sendRightBehindCreatePermission_isJudgedByItsAnswer() {
        SplittableRandom r = new SplittableRandom(10);
        byte[] key = "k".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.InetSocketAddress p1 = new java.net.InetSocketAddress("198.51.100.7", 4000);
        byte[] alloc = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.RequestedTransport(17)).fingerprint().encode();
        byte[] allocOk = StunMessageBuilder.successFor(decode(alloc)).fingerprint().encode();
        byte[] send = StunMessageBuilder.indication(Method.SEND, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p1))
                .add(new io.icelab.stun.TurnAttribute.Data(io.icelab.stun.Bytes.wrap(new byte[] {1}))).encode();
        long ms = 1_000_000L;
        for (boolean granted : new boolean[] {true, false}) {
            byte[] perm = StunMessageBuilder.request(Method.CREATE_PERMISSION, TransactionId.random(r))
                    .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p1)).integrity(key).fingerprint().encode();
            byte[] answer = (granted ? StunMessageBuilder.successFor(decode(perm))
                    : StunMessageBuilder.errorFor(decode(perm), 403, "Forbidden")).integrity(key).fingerprint().encode();
            List<Finding> f = lint(List.of(udpFrame(1, 0, 5000, 3478, alloc, false),
                    udpFrame(2, 10 * ms, 3478, 5000, allocOk, true),
                    udpFrame(3, 20 * ms, 5000, 3478, perm, false),
                    udpFrame(4, 21 * ms, 5000, 3478, send, false),
                    udpFrame(5, 30 * ms, 3478, 5000, answer, true)));
            if (granted) {
                assertThat(f).noneMatch(x -> x.rule().equals("RFC8656-11.2"));
            } else {
                assertThat(f).filteredOn(x -> x.rule().equals("RFC8656-11.2")).extracting(Finding::frame)
                        .containsExactly(4);
            }
        }
        // never answered: judged as dropped
        byte[] perm = StunMessageBuilder.request(Method.CREATE_PERMISSION, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.XorPeerAddress(p1)).integrity(key).fingerprint().encode();
        assertThat(lint(List.of(udpFrame(1, 0, 5000, 3478, alloc, false), udpFrame(2, 10 * ms, 3478, 5000, allocOk, true),
                udpFrame(3, 20 * ms, 5000, 3478, perm, false), udpFrame(4, 21 * ms, 5000, 3478, send, false))))
                .filteredOn(x -> x.rule().equals("RFC8656-11.2")).extracting(Finding::frame).containsExactly(4);
    }

    @Test
    void iceSession_checksPacedTooClosely_andNoNomination() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] a = check(TransactionId.random(r), true);
        byte[] b = check(TransactionId.random(r), true);
        byte[] c = check(TransactionId.random(r), true);
        byte[] okA = StunMessageBuilder.successFor(decode(a)).fingerprint().encode();
        long ms = 1_000_000L;
        // frame 2: 16 ms after frame 1 (a short Ta, noted); frame 3: 3 ms after frame 2 (under §14.2's 5 ms floor)
        List<Finding> f = lint(List.of(udpFrame(1, 0, 5000, 6000, a, false), udpFrame(2, 16 * ms, 5000, 6000, b, false),
                udpFrame(3, 19 * ms, 5000, 6000, c, false), udpFrame(4, 60 * ms, 6000, 5000, okA, true)));
        assertThat(f).filteredOn(x -> x.rule().equals("RFC8445-14.2")).extracting(Finding::frame, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Finding.Severity.INFO),
                        org.assertj.core.groups.Tuple.tuple(3, Finding.Severity.WARNING));
        assertThat(f).anyMatch(x -> x.rule().equals("RFC8445-8.1.1") && x.text().contains("3 checks"));
        // with USE-CANDIDATE on an answered check the session shows its nomination
        byte[] nominating = StunMessageBuilder.request(io.icelab.stun.Method.BINDING, TransactionId.random(r))
                .add(new IceAttribute.Priority(1)).add(new IceAttribute.IceControlling(42))
                .add(new IceAttribute.UseCandidate())
                .add(new CoreAttribute.Username(io.icelab.stun.Bytes.wrap("bob1:alic".getBytes())))
                .integrity("pwd-of-bob-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)).fingerprint().encode();
        List<Finding> g = lint(List.of(udpFrame(1, 0, 5000, 6000, nominating, false),
                udpFrame(2, 10 * ms, 6000, 5000, StunMessageBuilder.successFor(decode(nominating)).fingerprint().encode(), true)));
        assertThat(g).noneMatch(x -> x.rule().startsWith("RFC8445"));
    }

    static byte[] nominating(TransactionId tid) {
        return StunMessageBuilder.request(io.icelab.stun.Method.BINDING, tid)
                .add(new IceAttribute.Priority(1)).add(new IceAttribute.IceControlling(42))
                .add(new IceAttribute.UseCandidate())
                .add(new CoreAttribute.Username(io.icelab.stun.Bytes.wrap("bob1:alic".getBytes())))
                .integrity("pwd-of-bob-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)).fingerprint().encode();
    }

    @Test
    void consent_aGapOfMoreThan30sAfterNomination_isFlagged_andResponseMethodsMustMatch() {
        SplittableRandom r = new SplittableRandom(12);
        long s = 1_000_000_000L;
        byte[] nom = nominating(TransactionId.random(r));
        List<RawFrame> frames = new ArrayList<>(List.of(udpFrame(1, 0, 5000, 6000, nom, false),
                udpFrame(2, s / 100, 6000, 5000, StunMessageBuilder.successFor(decode(nom)).fingerprint().encode(), true),
                udpFrame(3, 5 * s, 5000, 6000, check(TransactionId.random(r), true), false),
                udpFrame(4, 41 * s, 5000, 6000, check(TransactionId.random(r), true), false)));
        assertThat(lint(frames)).anyMatch(x -> x.rule().equals("RFC7675-5.1") && x.frame() == 4
                && x.severity() == Finding.Severity.WARNING && x.text().contains("for 36 s"));
        // a response whose method is not its request's
        byte[] req = check(TransactionId.random(r), true);
        byte[] wrong = StunMessageBuilder.of(io.icelab.stun.MessageClass.SUCCESS_RESPONSE, io.icelab.stun.Method.REFRESH,
                decode(req).transactionId()).fingerprint().encode();
        assertThat(lint(List.of(udpFrame(1, 0, 5000, 6000, req, false), udpFrame(2, s / 100, 6000, 5000, wrong, true))))
                .anyMatch(x -> x.rule().equals("RFC8489-6.3.3") && x.severity() == Finding.Severity.ERROR
                        && x.text().startsWith("Refresh response to a Binding request"));
    }

    @Test
    void turnSession_usingAnAllocationAfterItsLifetime_isFlagged() {
        SplittableRandom r = new SplittableRandom(13);
        long s = 1_000_000_000L;
        byte[] alloc = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(r))
                .add(new io.icelab.stun.TurnAttribute.RequestedTransport(17)).fingerprint().encode();
        byte[] ok = StunMessageBuilder.successFor(decode(alloc)).add(new io.icelab.stun.TurnAttribute.Lifetime(60))
                .fingerprint().encode();
        byte[] late = new io.icelab.turn.ChannelData(0x4000, io.icelab.stun.Bytes.wrap(new byte[4])).encode(io.icelab.stun.Transport.UDP);
        List<Finding> f = lint(List.of(udpFrame(1, 0, 5000, 3478, alloc, false), udpFrame(2, s / 100, 3478, 5000, ok, true),
                udpFrame(3, 90 * s, 5000, 3478, late, false)));
        assertThat(f).anyMatch(x -> x.rule().equals("RFC8656-7.3") && x.frame() == 3 && x.text().contains("29 s before"));
    }

    static io.icelab.stun.StunMessage decode(byte[] b) {
        try {
            return io.icelab.stun.StunDecoder.decode(io.icelab.stun.Bytes.wrap(b));
        } catch (io.icelab.stun.StunDecodeException e) {
            throw new AssertionError(e);
        }
    }
}
