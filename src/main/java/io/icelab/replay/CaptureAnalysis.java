package io.icelab.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything in one capture, accounted for: every frame in exactly one of {@link #frameKinds()} (UDP,
 * TCP with or without payload, IPv4 fragment, ARP, ICMP, ..., unreadable with its reason in
 * {@link #frameErrors()}), the messages found in UDP datagrams and reassembled TCP streams (STUN,
 * TURN ChannelData, other protocols, typed decode errors), and warnings.
 */
public record CaptureAnalysis(Path file, int frames, List<CapturedMessage> messages, Map<String, Integer> frameKinds,
        List<String> frameErrors, List<String> warnings) {

    public CaptureAnalysis {
        messages = List.copyOf(messages);
        frameKinds = java.util.Collections.unmodifiableMap(new TreeMap<>(frameKinds));
        frameErrors = List.copyOf(frameErrors);
        warnings = List.copyOf(warnings);
    }

    public static CaptureAnalysis of(Path file) throws CaptureFile.CaptureException {
        return of(file, CaptureFile.read(file));
    }

    /** Frames already in hand (read earlier, or edited by a test). */
    public static CaptureAnalysis of(Path file, List<RawFrame> raw) {
        FrameDecoder decoder = new FrameDecoder();
        TcpStreams tcp = new TcpStreams();
        List<CapturedMessage> messages = new ArrayList<>();
        Map<String, Integer> other = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long last = Long.MIN_VALUE;
        int backwards = 0;
        int pendingFragments = 0;
        for (RawFrame f : raw) {
            if (f.timeNanos() < last) {
                backwards++;
            }
            last = Math.max(last, f.timeNanos());
            Segment s = decoder.decode(f);
            if (s instanceof Segment.Transport t && t.tcp()) {
                tcp.add(t);
                other.merge(t.payload().length == 0 ? "TCP without payload" : "TCP with payload", 1, Integer::sum);
            } else if (s instanceof Segment.Transport t) {
                other.merge("UDP", 1, Integer::sum);
                messages.add(new CapturedMessage(f.number(), f.timeNanos(), "udp", t.source(), t.destination(),
                        PayloadClassifier.classify(t.payload())));
            } else if (s instanceof Segment.Other o) {
                other.merge(o.protocol(), 1, Integer::sum);
            } else if (s instanceof Segment.Fragment) {
                pendingFragments++;
            } else if (s instanceof Segment.Malformed m) {
                other.merge("unreadable", 1, Integer::sum);
                errors.add("frame " + f.number() + ": " + m.reason() + " (offset " + m.offset() + ")");
            }
        }
        if (pendingFragments > 0) {
            other.merge("IPv4 fragment", pendingFragments, Integer::sum);
        }
        if (backwards > 0) {
            warnings.add(backwards + " frame(s) have a timestamp earlier than a previous frame; kept in capture order");
        }
        return new CaptureAnalysis(file, raw.size(), inCaptureOrder(messages, tcp.messages()), other, errors, warnings);
    }

    /**
     * UDP messages and every TCP flow's messages merged in capture order, so a response follows its request even
     * when the answering flow appeared first. A TCP message counts from the last frame its flow needed up to it
     * (a message whose bytes came early, out of order, still follows the ones before it in the stream).
     */
    private static List<CapturedMessage> inCaptureOrder(List<CapturedMessage> udp, List<CapturedMessage> tcp) {
        record Keyed(CapturedMessage message, int frame) {
        }
        List<Keyed> all = new ArrayList<>();
        udp.forEach(m -> all.add(new Keyed(m, m.frame())));
        Map<String, Integer> reached = new TreeMap<>();
        for (CapturedMessage m : tcp) {
            int frame = reached.merge(m.source() + ">" + m.destination(), m.frame(), Math::max);
            all.add(new Keyed(m, frame));
        }
        all.sort(java.util.Comparator.comparingInt(Keyed::frame)); // stable: one frame's messages keep their order
        return all.stream().map(Keyed::message).toList();
    }

    /** Messages per label ("Binding Request", "ChannelData", "DTLS", ...), sorted by label. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new TreeMap<>();
        messages.forEach(m -> c.merge(m.transport() + " " + m.content().label(), 1, Integer::sum));
        return c;
    }

    /** STUN and TURN messages by label, over both transports (what tshark counts as stun). */
    public Map<String, Integer> stunCounts() {
        Map<String, Integer> c = new TreeMap<>();
        messages.stream().filter(m -> m.content() instanceof CapturedMessage.Stun
                || m.content() instanceof CapturedMessage.ChannelDataFrame)
                .forEach(m -> c.merge(m.content().label(), 1, Integer::sum));
        return c;
    }

    public List<CapturedMessage> decodeErrors() {
        return messages.stream().filter(m -> m.content() instanceof CapturedMessage.DecodeError).toList();
    }

    /**
     * The capture in lines: frames and messages, counts per kind, frames by kind, each decode error with
     * frame, addresses and reason, frame errors and warnings. What `icelab replay` prints and attaches.
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(frames + " frames, " + messages.size() + " messages");
        counts().forEach((k, v) -> lines.add(String.format("%6d  %s", v, k)));
        frameKinds.forEach((k, v) -> lines.add(String.format("%6d  frames: %s", v, k)));
        for (CapturedMessage m : decodeErrors()) {
            lines.add("frame " + m.frame() + " " + m.transport() + " " + io.icelab.stun.TransportAddresses.format(m.source())
                    + " -> " + io.icelab.stun.TransportAddresses.format(m.destination()) + ": "
                    + ((CapturedMessage.DecodeError) m.content()).error().getMessage());
        }
        lines.addAll(frameErrors);
        warnings.forEach(w -> lines.add("warning: " + w));
        return lines;
    }
}
