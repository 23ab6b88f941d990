package io.icelab.replay;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.StunMessage;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8489 §14.5-§14.6 over a capture: a request's key comes from the credentials (its USERNAME and
 * REALM), its responses use the same key (matched by transaction id); a message that does not verify
 * is an error, one whose key is unknown is counted and summarised.
 */
final class IntegrityCheck {
    private final Credentials credentials;
    private final Integrity integrity = new Integrity();
    private final Map<String, byte[]> keysByTransaction = new TreeMap<>();
    private final Map<String, Integer> unknownUsers = new TreeMap<>();
    private int verified;
    private int unchecked;

    IntegrityCheck(Credentials credentials) {
        this.credentials = credentials;
    }

    void check(CapturedMessage cm, StunMessage m, java.util.List<Finding> out) {
        if (credentials.isEmpty() || !m.hasIntegrity()) {
            return;
        }
        String tid = m.transactionId().toString();
        byte[] key;
        if (m.isRequest() || m.isIndication()) {
            key = credentials.keyFor(m);
            if (key != null) {
                keysByTransaction.put(tid, key);
            }
        } else {
            key = keysByTransaction.get(tid);
        }
        if (key == null) {
            unchecked++;
            CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
            unknownUsers.merge(u == null ? "(a response to an unknown request)" : u.value().utf8(), 1, Integer::sum);
            return;
        }
        if (integrity.verify(m, key) == Integrity.Status.INVALID) {
            CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
            out.add(new Finding(m.has(CoreAttribute.MessageIntegritySha256.class) ? "RFC8489-14.6" : "RFC8489-14.5",
                    Finding.Severity.ERROR, cm.frame(), "MESSAGE-INTEGRITY does not verify"
                            + (u == null ? " with the key of its request" : " with the credentials for " + u.value().utf8())));
        } else {
            verified++;
        }
    }

    void summary(java.util.List<Finding> out) {
        if (credentials.isEmpty()) {
            return;
        }
        out.add(new Finding("RFC8489-14.5", Finding.Severity.INFO, 0, "MESSAGE-INTEGRITY checked on " + verified
                + " message(s); " + unchecked + " could not be checked" + (unknownUsers.isEmpty() ? ""
                        : " (no credentials for " + String.join(", ", unknownUsers.keySet()) + ")")));
    }
}
