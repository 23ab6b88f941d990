package io.icelab.net.mdns;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of a DNS message (RFC 1035 §4.1) that Multicast DNS host-name resolution needs (RFC 6762): the header,
 * questions for A and AAAA records, and A/AAAA answers. Names are compared without regard to ASCII case (RFC 6762
 * §16); compression pointers are followed when reading (backwards only, so a message cannot loop) and not written.
 * Anything else in a message (other record types, authority and additional records) is skipped, not refused.
 *
 * @param id the message ID (0 on multicast; a legacy unicast answer echoes the query's, RFC 6762 §6.7)
 * @param response true for a response (QR set)
 * @param questions the questions
 * @param answers the A and AAAA answers
 */
public record MdnsMessage(int id, boolean response, List<Question> questions, List<Answer> answers) {
    /** Record type A (RFC 1035 §3.2.2). */
    public static final int TYPE_A = 1;
    /** Record type AAAA (RFC 3596 §2.1). */
    public static final int TYPE_AAAA = 28;
    /** Question type * (any). */
    public static final int TYPE_ANY = 255;
    /** Class IN. */
    public static final int CLASS_IN = 1;
    /** The largest message read or written: an mDNS message fits a 9000-byte jumbo frame (RFC 6762 §17). */
    public static final int MAX_LENGTH = 9000;

    /**
     * A question.
     *
     * @param name the name asked for, e.g. "1f528a7b-….local"
     * @param type A, AAAA or ANY
     * @param unicastResponse the QU bit (RFC 6762 §5.4)
     */
    public record Question(String name, int type, boolean unicastResponse) {
    }

    /**
     * An A or AAAA answer.
     *
     * @param name the name
     * @param address its address
     * @param ttlSeconds how long it may be cached
     * @param cacheFlush the cache-flush bit (RFC 6762 §10.2)
     */
    public record Answer(String name, InetAddress address, long ttlSeconds, boolean cacheFlush) {
    }

    /** Copies the lists. */
    public MdnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("message ID " + id + " is not 16 bits");
        }
    }

    /** True when two names are the same name (RFC 6762 §16: ASCII case-insensitive). */
    public static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** The message in wire form (no compression). */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, id);
        u16(out, response ? 0x8400 : 0); // a response is authoritative (RFC 6762 §18.4)
        u16(out, questions.size());
        u16(out, answers.size());
        u16(out, 0);
        u16(out, 0);
        for (Question q : questions) {
            name(out, q.name());
            u16(out, q.type());
            u16(out, CLASS_IN | (q.unicastResponse() ? 0x8000 : 0));
        }
        for (Answer a : answers) {
            name(out, a.name());
            u16(out, a.address() instanceof Inet6Address ? TYPE_AAAA : TYPE_A);
            u16(out, CLASS_IN | (a.cacheFlush() ? 0x8000 : 0));
            u16(out, (int) (a.ttlSeconds() >>> 16));
            u16(out, (int) a.ttlSeconds());
            byte[] ip = a.address().getAddress();
            u16(out, ip.length);
            out.writeBytes(ip);
        }
        if (out.size() > MAX_LENGTH) {
            throw new IllegalArgumentException("message of " + out.size() + " bytes exceeds " + MAX_LENGTH);
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length == 0 || b.length > 63) {
                throw new IllegalArgumentException("label '" + label + "' of " + name + " is not 1 to 63 bytes");
            }
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
    }

    /**
     * Reads a message.
     *
     * @param b the datagram
     * @return the message
     * @throws MdnsDecodeException where and why it is not one
     */
    public static MdnsMessage decode(byte[] b) throws MdnsDecodeException {
        if (b.length > MAX_LENGTH) {
            throw new MdnsDecodeException(0, "message of " + b.length + " bytes exceeds " + MAX_LENGTH);
        }
        Reader r = new Reader(b);
        int id = r.u16("ID");
        int flags = r.u16("flags");
        int qd = r.u16("QDCOUNT");
        int an = r.u16("ANCOUNT");
        int ns = r.u16("NSCOUNT");
        int ar = r.u16("ARCOUNT");
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            String name = r.name();
            int type = r.u16("QTYPE");
            int qclass = r.u16("QCLASS");
            questions.add(new Question(name, type, (qclass & 0x8000) != 0));
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < an + ns + ar; i++) {
            String name = r.name();
            int type = r.u16("TYPE");
            int rclass = r.u16("CLASS");
            long ttl = (long) r.u16("TTL") << 16 | r.u16("TTL");
            int length = r.u16("RDLENGTH");
            int at = r.at;
            byte[] data = r.bytes(length, "RDATA");
            boolean address = (rclass & 0x7fff) == CLASS_IN && (type == TYPE_A && length == 4 || type == TYPE_AAAA && length == 16);
            if (i < an && address) {
                try {
                    answers.add(new Answer(name, InetAddress.getByAddress(data), ttl, (rclass & 0x8000) != 0));
                } catch (UnknownHostException e) {
                    throw new MdnsDecodeException(at, "RDATA is no address");
                }
            } else if ((type == TYPE_A || type == TYPE_AAAA) && (rclass & 0x7fff) == CLASS_IN && !address) {
                throw new MdnsDecodeException(at, (type == TYPE_A ? "A" : "AAAA") + " record of " + length + " bytes");
            }
        }
        return new MdnsMessage(id, (flags & 0x8000) != 0, questions, answers);
    }

    /** Reads fields off a message, each read bounds-checked. */
    private static final class Reader {
        private final byte[] b;
        int at;

        Reader(byte[] b) {
            this.b = b;
        }

        int u16(String field) throws MdnsDecodeException {
            if (at + 2 > b.length) {
                throw new MdnsDecodeException(at, field + " runs past the end (" + b.length + " bytes)");
            }
            int v = (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
            at += 2;
            return v;
        }

        byte[] bytes(int n, String field) throws MdnsDecodeException {
            if (at + n > b.length) {
                throw new MdnsDecodeException(at, field + " of " + n + " bytes runs past the end (" + b.length + " bytes)");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        /** A name, following compression pointers backwards only (RFC 1035 §4.1.4). */
        String name() throws MdnsDecodeException {
            StringBuilder sb = new StringBuilder();
            int p = at;
            int end = -1;
            int limit = p; // a pointer must point before the name that holds it: no loops
            while (true) {
                if (p >= b.length) {
                    throw new MdnsDecodeException(p, "name runs past the end");
                }
                int len = b[p] & 0xff;
                if (len == 0) {
                    p++;
                    break;
                }
                if ((len & 0xc0) == 0xc0) {
                    if (p + 1 >= b.length) {
                        throw new MdnsDecodeException(p, "compression pointer runs past the end");
                    }
                    int target = (len & 0x3f) << 8 | b[p + 1] & 0xff;
                    if (target >= limit) {
                        throw new MdnsDecodeException(p, "compression pointer to " + target + " does not point back");
                    }
                    if (end < 0) {
                        end = p + 2;
                    }
                    limit = target;
                    p = target;
                    continue;
                }
                if ((len & 0xc0) != 0) {
                    throw new MdnsDecodeException(p, "label type 0x" + Integer.toHexString(len & 0xc0) + " unknown");
                }
                if (p + 1 + len > b.length) {
                    throw new MdnsDecodeException(p, "label of " + len + " bytes runs past the end");
                }
                String label = new String(b, p + 1, len, java.nio.charset.StandardCharsets.UTF_8);
                if (label.indexOf('.') >= 0) {
                    // names are kept dotted: a dot inside a label could not be told from a boundary (found by fuzzing)
                    throw new MdnsDecodeException(p, "label with a dot in it");
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(label);
                if (sb.length() > 255) {
                    throw new MdnsDecodeException(p, "name longer than 255 bytes");
                }
                p += 1 + len;
            }
            at = end >= 0 ? end : p;
            return sb.toString();
        }
    }

    /** The address family's record type. */
    public static int typeOf(InetAddress a) {
        return a instanceof Inet4Address ? TYPE_A : TYPE_AAAA;
    }
}
