package io.icelab.net.mdns;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * RFC 6762 §5.1 one-shot queries, sans-IO: each name asked for goes to the mDNS group from the querier's own
 * (non-5353) port, so that responders answer it by unicast with the query's ID (§6.7, legacy unicast); sent again
 * after 250 ms and 500 ms, given up after {@link #TIMEOUT_NANOS}. An answer counts only when it comes to a query
 * under way, with its ID, for its name; the others are ignored. At most {@link #MAX_PENDING} names wait at once.
 */
public final class MdnsQuerier implements SansIo<MdnsQuerier.Outcome> {
    /** The IPv4 mDNS group and port (RFC 6762 §3). */
    public static final InetSocketAddress GROUP_V4 = new InetSocketAddress(io.icelab.stun.IpLiteral.parse("224.0.0.251"),
            5353);
    /** The IPv6 mDNS group and port. */
    public static final InetSocketAddress GROUP_V6 = new InetSocketAddress(io.icelab.stun.IpLiteral.parse("ff02::fb"),
            5353);
    /** How long a name is asked for before it counts as unresolvable. */
    public static final long TIMEOUT_NANOS = 1_000_000_000L;
    /** Names asked for at once. */
    public static final int MAX_PENDING = 64;
    /** When each transmission goes, from the query's start: at once, then again after 250 and 500 ms. */
    private static final long[] SENDS = {0, 250_000_000L, 500_000_000L};

    /** What became of a name. */
    public sealed interface Outcome {
        /** The name asked for. */
        String name();
    }

    /**
     * The name's address.
     *
     * @param name the name
     * @param address its address
     */
    public record Resolved(String name, InetAddress address) implements Outcome {
    }

    /**
     * No answer in time, or too many names waiting.
     *
     * @param name the name
     */
    public record Unresolved(String name) implements Outcome {
    }

    private static final class Pending {
        final String name;
        final int id;
        final long start;
        final long deadline;
        int sent;

        Pending(String name, int id, long now) {
            this.name = name;
            this.id = id;
            this.start = now;
            this.deadline = now + TIMEOUT_NANOS;
        }

        long nextSend() {
            return sent < SENDS.length ? start + SENDS[sent] : NO_DEADLINE;
        }
    }

    private final InetSocketAddress local;
    private final InetSocketAddress group;
    private final RandomGenerator random;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final ArrayDeque<Outcome> outcomes = new ArrayDeque<>();

    /**
     * A querier sending from {@code local} to {@code group} ({@link #GROUP_V4}, {@link #GROUP_V6}, or a responder's
     * own address in a test).
     *
     * @param local the querier's address (not port 5353)
     * @param group where queries go
     * @param random for query IDs
     */
    public MdnsQuerier(InetSocketAddress local, InetSocketAddress group, RandomGenerator random) {
        if (local.getPort() == 5353) {
            throw new IllegalArgumentException("a one-shot querier sends from a port other than 5353 (RFC 6762 §5.1)");
        }
        this.local = local;
        this.group = group;
        this.random = random;
    }

    /**
     * Asks for {@code name}'s address (A, or AAAA toward the IPv6 group); the outcome comes as an event.
     *
     * @param now the current time
     * @param name a {@code .local} name
     */
    public void resolve(long now, String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (pending.containsKey(key)) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            outcomes.add(new Unresolved(name));
            return;
        }
        pending.put(key, new Pending(name, random.nextInt(1, 0x10000), now));
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        MdnsMessage m;
        try {
            m = MdnsMessage.decode(d.payload().toArray());
        } catch (MdnsDecodeException e) {
            return; // hostile or foreign: dropped
        }
        if (!m.response()) {
            return;
        }
        for (MdnsMessage.Answer a : m.answers()) {
            Pending p = pending.get(a.name().toLowerCase(java.util.Locale.ROOT));
            if (p != null && p.id == m.id() && (a.address() instanceof Inet6Address) == wantsV6()) {
                pending.remove(p.name.toLowerCase(java.util.Locale.ROOT));
                outcomes.add(new Resolved(p.name, a.address()));
            }
        }
    }

    private boolean wantsV6() {
        return group.getAddress() instanceof Inet6Address;
    }

    @Override
    public Datagram pollTransmit(long now) {
        for (Pending p : pending.values()) {
            if (now >= p.nextSend() && now < p.deadline) {
                p.sent++;
                byte[] q = new MdnsMessage(p.id, false, java.util.List.of(new MdnsMessage.Question(p.name,
                        wantsV6() ? MdnsMessage.TYPE_AAAA : MdnsMessage.TYPE_A, false)), java.util.List.of()).encode();
                return new Datagram(Transport.UDP, local, group, Bytes.wrap(q));
            }
        }
        return null;
    }

    @Override
    public long pollTimeout() {
        long t = NO_DEADLINE;
        for (Pending p : pending.values()) {
            t = Math.min(t, Math.min(p.deadline, p.nextSend()));
        }
        return t;
    }

    @Override
    public void handleTimeout(long now) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now >= p.deadline) {
                it.remove();
                outcomes.add(new Unresolved(p.name));
            }
        }
    }

    @Override
    public Outcome pollEvent() {
        return outcomes.poll();
    }
}
