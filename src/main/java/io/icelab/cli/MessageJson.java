package io.icelab.cli;

import io.icelab.stun.AddressAttribute;
import io.icelab.stun.AttributeType;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.NatBehaviorAttribute;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TextAttribute;
import io.icelab.stun.TransportAddresses;
import io.icelab.stun.TurnAttribute;
import io.icelab.stun.UnknownAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A decoded message as a JSON-ready tree: every attribute with its decoded value. */
final class MessageJson {
    private MessageJson() {
    }

    /** {@code key} may be null: integrity is then reported as present but unchecked. */
    static Map<String, Object> of(StunMessage m, byte[] key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class", m.messageClass().name().toLowerCase().replace('_', ' '));
        out.put("method", m.method().name());
        out.put("methodCode", String.format("0x%03x", m.method().code()));
        out.put("transactionId", m.isClassic() ? String.format("%08x", m.cookie()) + m.transactionId().hex()
                : m.transactionId().hex());
        out.put("rfc3489", m.isClassic());
        out.put("length", m.wireBytes().length() - StunMessage.HEADER_LENGTH);
        List<Object> attrs = new ArrayList<>();
        for (StunAttribute a : m.attributes()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("type", a.typeName());
            j.put("typeCode", String.format("0x%04x", a.type()));
            j.put("length", a.valueLength());
            value(a, j);
            attrs.add(j);
        }
        out.put("attributes", attrs);
        if (m.ignoredAfterIntegrity() > 0) {
            out.put("ignoredAfterIntegrity", m.ignoredAfterIntegrity());
        }
        if (!m.unknownComprehensionRequired().isEmpty()) {
            List<Object> unknown = new ArrayList<>();
            m.unknownComprehensionRequired().forEach(t -> unknown.add(String.format("0x%04x", t)));
            out.put("unknownComprehensionRequired", unknown);
        }
        out.put("fingerprint", m.fingerprintStatus().name().toLowerCase());
        boolean hasIntegrity = m.hasIntegrity();
        String integrity;
        if (!hasIntegrity) {
            integrity = "absent";
        } else if (key == null) {
            integrity = "present, not checked (no key given)";
        } else {
            integrity = new Integrity().verify(m, key).name().toLowerCase();
        }
        out.put("integrity", integrity);
        return out;
    }

    /** The attribute's value as JSON fields; USE-CANDIDATE and DONT-FRAGMENT have none. */
    private static void value(StunAttribute a, Map<String, Object> j) {
        if (!stunValue(a, j) && !iceOrNatValue(a, j) && !turnValue(a, j) && a instanceof UnknownAttribute u) {
            j.put("comprehensionRequired", u.comprehensionRequired());
            j.put("hex", u.value().hex());
        }
    }

    /** RFC 8489 §14's attributes; false for others. */
    private static boolean stunValue(StunAttribute a, Map<String, Object> j) {
        if (a instanceof AddressAttribute addr) {
            j.put("address", format(addr.address()));
        } else if (a instanceof TextAttribute t) {
            j.put("value", t.text());
        } else if (a instanceof CoreAttribute.ErrorCode e) {
            j.put("code", e.code());
            j.put("reason", e.reason());
        } else if (a instanceof CoreAttribute.UnknownAttributes u) {
            List<Object> types = new ArrayList<>();
            u.types().forEach(t -> types.add(AttributeType.name(t)));
            j.put("types", types);
        } else if (a instanceof CoreAttribute.MessageIntegrity mi) {
            j.put("hmac", mi.hmac().hex());
        } else if (a instanceof CoreAttribute.MessageIntegritySha256 mi) {
            j.put("hmac", mi.hmac().hex());
        } else if (a instanceof CoreAttribute.Fingerprint f) {
            j.put("crc", String.format("0x%08x", f.crc()));
        } else if (a instanceof CoreAttribute.Userhash u) {
            j.put("hash", u.hash().hex());
        } else if (a instanceof CoreAttribute.PasswordAlgorithm p) {
            j.put("algorithm", algorithm(p.algorithm()));
        } else if (a instanceof CoreAttribute.PasswordAlgorithms p) {
            List<Object> list = new ArrayList<>();
            p.algorithms().forEach(x -> list.add(algorithm(x.algorithm())));
            j.put("algorithms", list);
        } else {
            return false;
        }
        return true;
    }

    /** RFC 8445 §16.1's and RFC 5780 §7's attributes; false for others. */
    private static boolean iceOrNatValue(StunAttribute a, Map<String, Object> j) {
        if (a instanceof IceAttribute.Priority p) {
            j.put("priority", p.priority());
        } else if (a instanceof IceAttribute.IceControlled c) {
            j.put("tieBreaker", String.format("0x%016x", c.tieBreaker()));
        } else if (a instanceof IceAttribute.IceControlling c) {
            j.put("tieBreaker", String.format("0x%016x", c.tieBreaker()));
        } else if (a instanceof NatBehaviorAttribute.ChangeRequest c) {
            j.put("changeIp", c.changeIp());
            j.put("changePort", c.changePort());
        } else if (a instanceof NatBehaviorAttribute.ResponsePort p) {
            j.put("port", p.port());
        } else if (a instanceof NatBehaviorAttribute.Padding p) {
            j.put("bytes", p.valueLength());
        } else {
            return false;
        }
        return true;
    }

    /** RFC 8656 §18's and RFC 6062 §6.2's attributes; false for others. */
    private static boolean turnValue(StunAttribute a, Map<String, Object> j) {
        if (a instanceof TurnAttribute.ChannelNumber c) {
            j.put("channel", String.format("0x%04x", c.channel()));
        } else if (a instanceof TurnAttribute.Lifetime l) {
            j.put("seconds", l.seconds());
        } else if (a instanceof TurnAttribute.Data d) {
            j.put("hex", d.value().hex());
        } else if (a instanceof TurnAttribute.RequestedTransport t) {
            j.put("protocol", t.protocol() == 17 ? "UDP" : t.protocol() == 6 ? "TCP" : String.valueOf(t.protocol()));
        } else if (a instanceof TurnAttribute.RequestedAddressFamily f) {
            j.put("family", family(f.family()));
        } else if (a instanceof TurnAttribute.AdditionalAddressFamily f) {
            j.put("family", family(f.family()));
        } else if (a instanceof TurnAttribute.AddressErrorCode e) {
            j.put("family", family(e.family()));
            j.put("code", e.code());
            j.put("reason", e.reason());
        } else if (a instanceof TurnAttribute.EvenPort e) {
            j.put("reserveNext", e.reserveNext());
        } else if (a instanceof TurnAttribute.ReservationToken t) {
            j.put("token", String.format("0x%016x", t.token()));
        } else if (a instanceof TurnAttribute.Icmp i) {
            j.put("icmpType", i.icmpType());
            j.put("icmpCode", i.icmpCode());
            j.put("errorData", i.errorData());
        } else if (a instanceof TurnAttribute.ConnectionId c) {
            j.put("connectionId", Integer.toUnsignedLong(c.id()));
        } else {
            return false;
        }
        return true;
    }

    static String format(InetSocketAddress a) {
        return TransportAddresses.format(a);
    }

    private static String algorithm(int a) {
        return a == 1 ? "MD5" : a == 2 ? "SHA-256" : String.format("0x%04x", a);
    }

    private static String family(int f) {
        return f == 1 ? "IPv4" : f == 2 ? "IPv6" : String.format("0x%02x", f);
    }
}
