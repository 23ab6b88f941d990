package io.icelab.harness;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.random.RandomGenerator;

/**
 * A STUN/TURN client that sends whatever request a scenario names, well-formed or not, signed with
 * long-term credentials (RFC 8489 §9.2): the first request goes unsigned, and the 401 (or a later 438)
 * gives the REALM and NONCE every later one is signed with. It reports every final answer. This is how
 * a scenario asks icelab's TURN server the questions a polite client never asks.
 */
final class RawRequestClient implements SansIo<StunMessage> {
    private record Sent(Method method, List<StunAttribute> attributes, boolean signed, boolean mayRetry,
            java.util.Set<String> omit) {
    }

    private final RandomGenerator random;
    private final InetSocketAddress local;
    private final InetSocketAddress server;
    private final io.icelab.stun.Transport transport;
    private String user;
    private String password;
    private String realm;
    private String nonce;
    private final Map<String, Sent> open = new LinkedHashMap<>();
    private final Queue<Datagram> transmits = new ArrayDeque<>();
    private final Queue<StunMessage> answers = new ArrayDeque<>();

    RawRequestClient(RandomGenerator random, InetSocketAddress local, InetSocketAddress server, String user,
            String password) {
        this(random, local, server, io.icelab.stun.Transport.UDP, user, password);
    }

    /** Over {@code transport}: UDP, or a TCP connection from {@code local} (the host frames it as STUN). */
    RawRequestClient(RandomGenerator random, InetSocketAddress local, InetSocketAddress server,
            io.icelab.stun.Transport transport, String user, String password) {
        this.random = random;
        this.local = local;
        this.server = server;
        this.transport = transport;
        this.user = user;
        this.password = password;
    }

    /** Signs later requests as another user (same REALM and NONCE): to ask with someone else's credentials. */
    void credentials(String otherUser, String otherPassword) {
        this.user = otherUser;
        this.password = otherPassword;
    }

    /** Sends {@code method} with {@code attributes}, signed once a REALM and NONCE are known. */
    void request(Method method, List<StunAttribute> attributes) {
        send(new Sent(method, List.copyOf(attributes), realm != null, true, java.util.Set.of()));
    }

    /** Sends {@code method} signed but without the named credential attributes (USERNAME, REALM, NONCE). */
    void signedWithout(Method method, List<StunAttribute> attributes, java.util.Set<String> omit) {
        send(new Sent(method, List.copyOf(attributes), true, false, java.util.Set.copyOf(omit)));
    }

    /** Sends {@code method} without credentials even when they are known, and takes the 401 as the answer. */
    void unsigned(Method method, List<StunAttribute> attributes) {
        send(new Sent(method, List.copyOf(attributes), false, false, java.util.Set.of()));
    }

    /**
     * Sends bytes built by the caller (an RFC 3489 request, an indication). When {@code answered}, the
     * answer with the same transaction id is reported; an indication expects none.
     */
    void sendRaw(byte[] message, boolean answered) {
        sendRaw(server, message, answered);
    }

    /** Bytes that are not STUN (ChannelData) or an indication, to this client's server; nothing is awaited. */
    void sendRawBytes(byte[] data) {
        transmits.add(new Datagram(transport, local, server, io.icelab.stun.Bytes.wrap(data)));
    }

    /** As {@link #sendRaw(byte[], boolean)}, to another server than this client's own. */
    void sendRaw(InetSocketAddress to, byte[] message, boolean answered) {
        transmits.add(new Datagram(transport, local, to, io.icelab.stun.Bytes.wrap(message)));
        if (answered) {
            try {
                open.put(StunDecoder.decode(message).transactionId().toString(),
                        new Sent(Method.BINDING, List.of(), false, false, java.util.Set.of()));
            } catch (StunDecodeException e) {
                throw new IllegalArgumentException("the raw request does not decode: " + e.getMessage(), e);
            }
        }
    }

    private Datagram last;
    private String lastId;
    private Sent lastSent;

    /** RFC 8489 §6.2.1: the last request once more, the same bytes and transaction id. */
    void retransmitLast() {
        transmits.add(last);
        open.put(lastId, lastSent);
    }

    private void send(Sent s) {
        TransactionId id = TransactionId.random(random);
        StunMessageBuilder b = StunMessageBuilder.request(s.method(), id);
        s.attributes().forEach(b::add);
        if (s.signed()) {
            if (!s.omit().contains("USERNAME")) {
                b.add(CoreAttribute.Username.of(user));
            }
            if (!s.omit().contains("REALM")) {
                b.add(CoreAttribute.Realm.of(realm));
            }
            if (!s.omit().contains("NONCE")) {
                b.add(CoreAttribute.Nonce.of(nonce));
            }
            b.integrity(StunKeys.longTermMd5(user, realm, password));
        }
        last = new Datagram(transport, local, server, io.icelab.stun.Bytes.wrap(b.fingerprint().encode()));
        lastId = id.toString();
        lastSent = new Sent(s.method(), s.attributes(), s.signed(), false, s.omit());
        transmits.add(last);
        open.put(id.toString(), s);
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        StunMessage m;
        try {
            m = StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            return; // not for this client: the scenario asserts on the wire, not on garbage
        }
        Sent s = open.remove(m.transactionId().toString());
        if (s == null) {
            return;
        }
        int code = m.errorCode();
        CoreAttribute.Nonce n = m.attribute(CoreAttribute.Nonce.class);
        CoreAttribute.Realm r = m.attribute(CoreAttribute.Realm.class);
        if (s.mayRetry() && (code == 401 && !s.signed() || code == 438) && n != null && (r != null || realm != null)) {
            realm = r != null ? r.value().utf8() : realm;
            nonce = n.value().utf8();
            send(new Sent(s.method(), s.attributes(), true, true, java.util.Set.of())); // RFC 8489 §9.2.5: retry
            return;
        }
        answers.add(m);
    }

    @Override
    public Datagram pollTransmit(long now) {
        return transmits.poll();
    }

    @Override
    public StunMessage pollEvent() {
        return answers.poll();
    }
}
