package io.icelab.net.mdns;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Answers mDNS queries for the names icelab gives its host candidates (draft-ietf-mmusic-mdns-ice-candidates §3.1),
 * sans-IO. A query from a port other than 5353 is a one-shot query and is answered by unicast to its sender with
 * its ID and question and a TTL of at most 10 s (RFC 6762 §6.7); a query from port 5353 is answered to the group,
 * ID 0, the cache-flush bit set (§6, §10.2), unless it asked for a unicast answer (QU, §5.4). Queries for other
 * names, responses, and what does not parse are ignored; at most {@link #MAX_QUEUED} answers wait to be sent.
 */
public final class MdnsResponder implements SansIo<Void> {
    /** Answers waiting to go: a flood of queries cannot grow this. */
    public static final int MAX_QUEUED = 64;
    /** The TTL of answers (RFC 6762 §10: 120 s for host records; legacy unicast answers at most 10 s). */
    static final long TTL = 120;
    static final long LEGACY_TTL = 10;

    private final InetSocketAddress local;
    private final Map<String, InetAddress> names = new LinkedHashMap<>();
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();
    private long ignored;
    private long answered;

    /**
     * A responder receiving on {@code local} (the mDNS port, or any in a test).
     *
     * @param local where queries arrive
     */
    public MdnsResponder(InetSocketAddress local) {
        this.local = local;
    }

    /**
     * A fresh random name for {@code address} (a version-4 UUID, as browsers make them), answered from now on.
     *
     * @param random the source of the name
     * @param address the address it stands for
     * @return the name, e.g. "0f6d2a3e-…-….local"
     */
    public String name(RandomGenerator random, InetAddress address) {
        long hi = random.nextLong();
        long lo = random.nextLong();
        hi = hi & ~0xf000L | 0x4000L; // version 4
        lo = lo & 0x3fffffffffffffffL | 0x8000000000000000L; // the IETF variant
        String name = new java.util.UUID(hi, lo) + ".local";
        names.put(name.toLowerCase(Locale.ROOT), address);
        return name;
    }

    /** The address a name stands for, or null. */
    public InetAddress addressOf(String name) {
        return names.get(name.toLowerCase(Locale.ROOT));
    }

    /** Queries for our names it answered. */
    public long answered() {
        return answered;
    }

    /** Datagrams that were not queries for our names (foreign, malformed, or answers). */
    public long ignored() {
        return ignored;
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        MdnsMessage m;
        try {
            m = MdnsMessage.decode(d.payload().toArray());
        } catch (MdnsDecodeException e) {
            ignored++;
            return;
        }
        if (m.response()) {
            ignored++;
            return;
        }
        boolean legacy = d.remote().getPort() != 5353;
        List<MdnsMessage.Answer> answers = new ArrayList<>();
        List<MdnsMessage.Question> asked = new ArrayList<>();
        boolean unicast = legacy;
        for (MdnsMessage.Question q : m.questions()) {
            InetAddress a = names.get(q.name().toLowerCase(Locale.ROOT));
            if (a == null || !(q.type() == MdnsMessage.TYPE_ANY || q.type() == MdnsMessage.typeOf(a))) {
                continue;
            }
            asked.add(q);
            unicast |= q.unicastResponse();
            answers.add(new MdnsMessage.Answer(q.name(), a, legacy ? LEGACY_TTL : TTL, !legacy));
        }
        if (answers.isEmpty()) {
            ignored++;
            return;
        }
        if (out.size() >= MAX_QUEUED) {
            return;
        }
        answered++;
        // §6.7: a legacy unicast answer repeats the question and the ID; a multicast one has ID 0 and no question
        MdnsMessage answer = new MdnsMessage(legacy ? m.id() : 0, true, legacy ? asked : List.of(), answers);
        InetSocketAddress to = unicast ? d.remote()
                : d.remote().getAddress() instanceof Inet6Address ? MdnsQuerier.GROUP_V6 : MdnsQuerier.GROUP_V4;
        out.add(new Datagram(Transport.UDP, d.local() == null ? local : d.local(), to, Bytes.wrap(answer.encode())));
    }

    @Override
    public Datagram pollTransmit(long now) {
        return out.poll();
    }

    @Override
    public Void pollEvent() {
        return null;
    }
}
