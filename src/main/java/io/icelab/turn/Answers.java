package io.icelab.turn;

import io.icelab.stun.AuthResult;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the TURN server answers a request (RFC 8489 §6.3): on the 5-tuple it came on, with SOFTWARE and
 * MESSAGE-INTEGRITY (or -SHA256) only when the request was authenticated (an unauthenticated source gets the
 * smallest answer, RFC 8656 §21), always FINGERPRINT; a refusal is reported as an event too.
 */
final class Answers {
    private final String software;
    private final Consumer<Datagram> transmits;
    private final Consumer<TurnServerEvent> events;
    private final io.icelab.stun.Integrity integrity = new io.icelab.stun.Integrity();

    Answers(String software, Consumer<Datagram> transmits, Consumer<TurnServerEvent> events) {
        this.software = software;
        this.transmits = transmits;
        this.events = events;
    }

    /** A success (or any built answer) to {@code request}, signed when {@code ok}; its bytes are returned. */
    byte[] respond(Datagram d, StunMessageBuilder b, AuthResult.Accepted ok) {
        byte[] key = ok == null ? null : ok.key();
        if (software != null && key != null) {
            b.add(CoreAttribute.Software.of(software));
        }
        if (key != null) {
            if (ok.sha256()) {
                b.integritySha256(key);
            } else {
                b.integrity(key);
            }
        }
        b.fingerprint();
        byte[] out = new byte[b.encodedLength()];
        b.encodeInto(out, 0, integrity);
        transmits.accept(new Datagram(d.transport(), d.local(), d.remote(), Bytes.wrap(out)));
        return out;
    }

    /** An error answer with {@code extra} attributes, signed when {@code ok}. */
    void refuse(Datagram d, StunMessage m, int code, String reason, List<StunAttribute> extra, AuthResult.Accepted ok) {
        StunMessageBuilder b = StunMessageBuilder.errorFor(m, code, reason);
        extra.forEach(b::add);
        respond(d, b, ok);
        events.accept(new TurnServerEvent.Refused(d.remote(), m.method().name(), code, reason));
    }

    void refuse(Datagram d, StunMessage m, Refusal r, AuthResult.Accepted ok) {
        refuse(d, m, r.code(), r.reason(), List.of(), ok);
    }
}
