package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * STUN client transactions, sans-IO (RFC 8489 §6.2, §6.3 and §9). Sends requests, retransmits them on
 * the RFC 8489 schedule, matches responses by transaction id, and runs the long-term credential
 * challenge (401, 438, password algorithm negotiation) by itself. One instance serves any number of
 * servers and local sockets. Not thread-safe.
 */
public final class StunClient implements SansIo<StunClientEvent> {

    /** Limits and options; {@code software} may be null. */
    public record Config(RetransmitSchedule schedule, String software, int maxAuthRetries) {
        /** RFC 8489 §6.2.1's schedule, icelab's SOFTWARE, three authentication retries. */
        public static final Config DEFAULT = new Config(RetransmitSchedule.DEFAULT, Version.SOFTWARE, 3);
    }

    private final RandomGenerator random;
    private final Config config;
    private final Integrity integrity = new Integrity();
    private final KeyCache keys = new KeyCache(8);
    private final Map<TransactionId, Transaction> byId = new LinkedHashMap<>();
    private final Map<InetSocketAddress, LongTermAuthState> auth = new LinkedHashMap<>();
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<StunClientEvent> events = new ArrayDeque<>();
    private long nextHandle = 1;
    private long dropped;

    /**
     * A client with the default schedule and limits.
     *
     * @param random for transaction IDs
     */
    public StunClient(RandomGenerator random) {
        this(random, Config.DEFAULT);
    }

    /**
     * A client.
     *
     * @param random for transaction IDs
     * @param config schedule, SOFTWARE and authentication retries
     */
    public StunClient(RandomGenerator random, Config config) {
        this.random = random;
        this.config = config;
    }

    private static final class Transaction {
        final long handle;
        final StunRequest request;
        final RetransmitSchedule schedule;
        TransactionId id;
        byte[] bytes;
        /** The request as sent: made once, and handed out again for each retransmission (RFC 8489 §6.2.1). */
        Datagram datagram;
        byte[] integrityKey;
        /** The request carried MESSAGE-INTEGRITY-SHA256 (else MESSAGE-INTEGRITY): the answer must use the same. */
        boolean sha256;
        int sent;
        long firstSentNanos;
        long deadlineNanos;
        int authRetries;
        /** Responses discarded for a failing MESSAGE-INTEGRITY (RFC 8489 §9.1.4). */
        int integrityFailures;
        boolean carriedAuth;
        String nonceUsed;
        /** Set by {@link #stopRetransmitting}: no more transmissions; the deadline is the end of the wait. */
        boolean cancelled;

        Transaction(long handle, StunRequest request, RetransmitSchedule schedule) {
            this.handle = handle;
            this.request = request;
            this.schedule = schedule;
        }
    }

    /**
     * Starts a transaction and queues its first transmission.
     *
     * @param nowNanos the current time
     * @param request what to ask, from where to where, with which credentials
     * @return the transaction's handle, which its event carries
     */
    public long send(long nowNanos, StunRequest request) {
        return send(nowNanos, request, config.schedule());
    }

    /**
     * As {@link #send(long, StunRequest)}, with this transaction's own retransmission schedule.
     *
     * @param nowNanos the current time
     * @param request what to ask
     * @param schedule its RTO and retransmissions (ICE's RTO, RFC 8445 §14.3)
     * @return the transaction's handle
     */
    public long send(long nowNanos, StunRequest request, RetransmitSchedule schedule) {
        Transaction t = new Transaction(nextHandle++, request, schedule);
        start(nowNanos, t);
        return t.handle;
    }

    /**
     * Forgets a transaction: no more retransmissions and no event.
     *
     * @param handle the transaction
     * @return whether it was running
     */
    public boolean cancel(long handle) {
        Transaction t = byHandle(handle);
        return t != null && byId.remove(t.id) != null;
    }

    /**
     * Cancels a transaction as RFC 8445 §8.1.2 defines it: nothing is retransmitted, a response that still
     * arrives is reported as usual, and if none does, the transaction ends with
     * {@link StunClientEvent.Failure.Reason#CANCELLED} (not a timeout) when its full wait would have ended.
     *
     * @param handle the transaction
     * @return whether it was running
     */
    public boolean stopRetransmitting(long handle) {
        Transaction t = byHandle(handle);
        if (t != null && !t.cancelled) {
            for (int n = t.sent + 1; n <= t.schedule.transmissions(t.request.transport()); n++) {
                t.deadlineNanos += t.schedule.delayAfterNanos(n, t.request.transport());
            }
            t.cancelled = true;
        }
        return t != null;
    }

    private Transaction byHandle(long handle) {
        for (Transaction t : byId.values()) {
            if (t.handle == handle) {
                return t;
            }
        }
        return null;
    }

    /**
     * Transactions running now.
     *
     * @return their number
     */
    public int inFlight() {
        return byId.size();
    }

    /**
     * Datagrams that were not STUN, failed the fingerprint or matched no transaction.
     *
     * @return how many so far
     */
    public long droppedDatagrams() {
        return dropped;
    }

    /**
     * The transaction ID of a running transaction's current attempt (a retry after 401 has a new one).
     *
     * @param handle the transaction
     * @return its ID, or null when it is not running
     */
    public TransactionId transactionId(long handle) {
        Transaction t = byHandle(handle);
        return t == null ? null : t.id;
    }

    private void start(long nowNanos, Transaction t) {
        StunRequest r = t.request;
        t.id = TransactionId.random(random);
        StunMessageBuilder b = StunMessageBuilder.request(r.method(), t.id);
        for (StunAttribute a : r.attributes()) {
            b.add(a);
        }
        if (config.software() != null) {
            b.add(CoreAttribute.Software.of(config.software()));
        }
        t.integrityKey = null;
        t.sha256 = false;
        t.carriedAuth = false;
        if (r.credentials() instanceof StunCredentials.ShortTerm st) {
            b.add(CoreAttribute.Username.of(st.username()));
            t.integrityKey = keys.shortTerm(st.password());
            b.integrity(t.integrityKey);
        } else if (r.credentials() instanceof StunCredentials.LongTerm lt) {
            LongTermAuthState state = auth.get(r.server());
            if (state != null) {
                t.integrityKey = state.key(lt, keys);
                state.apply(b, lt, t.integrityKey);
                t.sha256 = state.negotiated();
                t.carriedAuth = true;
                t.nonceUsed = state.nonce;
            }
        }
        if (r.fingerprint()) {
            b.fingerprint();
        }
        byte[] out = new byte[b.encodedLength()];
        b.encodeInto(out, 0, integrity);
        t.bytes = out;
        t.datagram = new Datagram(r.transport(), r.local(), r.server(), Bytes.wrap(out));
        t.sent = 0;
        t.firstSentNanos = nowNanos;
        byId.put(t.id, t);
        transmit(nowNanos, t);
    }

    private void transmit(long nowNanos, Transaction t) {
        StunRequest r = t.request;
        transmits.add(t.datagram);
        t.sent++;
        t.deadlineNanos = nowNanos + t.schedule.delayAfterNanos(t.sent, r.transport());
    }

    @Override
    public boolean accepts(Datagram d) {
        Bytes p = d.payload();
        if (p.length() < StunMessage.HEADER_LENGTH || (p.get(0) & 0xc0) != 0) {
            return false;
        }
        byte[] head = p.slice(8, 12).toArray();
        return byId.containsKey(TransactionId.read(head, 0));
    }

    @Override
    public void handleDatagram(long nowNanos, Datagram d) {
        StunMessage m;
        try {
            m = StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            dropped++;
            return;
        }
        handleDecoded(nowNanos, d, m);
    }

    /**
     * Feeds a datagram its owner has decoded already (an ICE agent or a TURN client demultiplexing its
     * socket), so the message is decoded once.
     *
     * @param nowNanos the current time
     * @param d the datagram, for its addresses
     * @param m the STUN message decoded from {@code d}'s payload
     */
    public void handleDecoded(long nowNanos, Datagram d, StunMessage m) {
        Transaction t = m.isResponse() ? byId.get(m.transactionId()) : null;
        if (t == null || m.fingerprintStatus() == StunMessage.FingerprintStatus.INVALID) {
            dropped++; // RFC 8489 §6.3: unknown ids and duplicates are silently discarded
            return;
        }
        int code = m.messageClass() == MessageClass.ERROR_RESPONSE ? m.errorCode() : 0;
        if (code != 401 && code != 438 && bareCookie(m)) {
            dropped++; // RFC 8489 §9.2.5: a nonce cookie promising PASSWORD-ALGORITHMS that are not there: ignored
            return;
        }
        if (m.messageClass() == MessageClass.SUCCESS_RESPONSE) {
            onSuccess(nowNanos, t, m, d);
        } else {
            onError(nowNanos, t, m);
        }
    }

    private void onSuccess(long nowNanos, Transaction t, StunMessage m, Datagram d) {
        if (t.integrityKey != null && !authentic(t, m)) {
            integrityFailed(t, m); // RFC 8489 §9.1.4/§9.2.5
            return;
        }
        byId.remove(t.id);
        if (!m.unknownComprehensionRequired().isEmpty()) {
            // RFC 8489 §6.3.3: the response is discarded and the transaction has failed
            fail(t, StunClientEvent.Failure.Reason.UNKNOWN_ATTRIBUTES, m, "unknown comprehension-required attributes "
                    + m.unknownComprehensionRequired().stream().map(a -> String.format("0x%04X", a)).toList());
            return;
        }
        events.add(new StunClientEvent.Success(t.handle, m, d.local(), d.remote(), nowNanos - t.firstSentNanos, t.sent));
    }

    private void onError(long nowNanos, Transaction t, StunMessage m) {
        int code = m.errorCode();
        boolean signed = m.hasIntegrity();
        if (t.integrityKey != null && signed && !authentic(t, m)) {
            integrityFailed(t, m);
            return;
        }
        if (code == 400 && t.carriedAuth && !signed) {
            // RFC 8489 §9.2.5: an unsigned 400 to a signed request may be forged: discard it as never received
            // (the retransmissions go on; the transaction ends in a timeout if nothing better comes)
            dropped++;
            return;
        }
        byId.remove(t.id);
        if (t.request.credentials() instanceof StunCredentials.LongTerm && (code == 401 || code == 438)) {
            challenge(nowNanos, t, m, code);
            return;
        }
        fail(t, StunClientEvent.Failure.Reason.ERROR_RESPONSE, m, "error " + code);
    }

    /**
     * RFC 8489 §9.1.4: the answer is signed with the algorithm the request used (MESSAGE-INTEGRITY-SHA256 for
     * one, MESSAGE-INTEGRITY alone for the other) and verifies with the request's key.
     */
    private boolean authentic(Transaction t, StunMessage m) {
        boolean sha = m.has(CoreAttribute.MessageIntegritySha256.class);
        boolean sha1 = m.has(CoreAttribute.MessageIntegrity.class);
        if (t.sha256 ? !sha : !sha1 || sha) {
            return false;
        }
        return integrity.verify(m, t.integrityKey) == Integrity.Status.VALID;
    }

    /**
     * RFC 8489 §9.1.4: over UDP the response is discarded as if never received and the retransmissions go on
     * (the end of the transaction then signals the violation, not a timeout); over TCP it ends the
     * transaction at once with the violation.
     */
    private void integrityFailed(Transaction t, StunMessage m) {
        dropped++;
        t.integrityFailures++;
        if (t.request.transport() == Transport.TCP) {
            byId.remove(t.id);
            fail(t, StunClientEvent.Failure.Reason.INTEGRITY_VIOLATED, m, "the response failed MESSAGE-INTEGRITY");
        }
    }

    /** RFC 8489 §9.2.5: a NONCE whose cookie has the password-algorithms bit, without PASSWORD-ALGORITHMS beside it. */
    private static boolean bareCookie(StunMessage m) {
        CoreAttribute.Nonce n = m.attribute(CoreAttribute.Nonce.class);
        return n != null && NonceCookie.has(n.text(), NonceCookie.PASSWORD_ALGORITHMS)
                && !m.has(CoreAttribute.PasswordAlgorithms.class);
    }

    /** RFC 8489 §9.2.5: 401 → retry with credentials; 438 → retry with the new nonce; bounded. */
    private void challenge(long nowNanos, Transaction t, StunMessage m, int code) {
        InetSocketAddress server = t.request.server();
        if (bareCookie(m)) {
            auth.remove(server);
            fail(t, StunClientEvent.Failure.Reason.BID_DOWN, m,
                    "the nonce cookie says PASSWORD-ALGORITHMS, the challenge has none: not retried");
            return;
        }
        LongTermAuthState known = auth.get(server);
        if (known != null && known.isBidDown(m)) {
            auth.remove(server);
            fail(t, StunClientEvent.Failure.Reason.BID_DOWN, m,
                    "PASSWORD-ALGORITHMS missing or changed since the first challenge " + known.offeredList());
            return;
        }
        if (t.authRetries >= config.maxAuthRetries()) {
            fail(t, StunClientEvent.Failure.Reason.UNAUTHORIZED, m, "gave up after " + t.authRetries + " retries");
            return;
        }
        CoreAttribute.Nonce nonce = m.attribute(CoreAttribute.Nonce.class);
        if (code == 401 && t.carriedAuth && nonce != null && nonce.text().equals(t.nonceUsed)) {
            fail(t, StunClientEvent.Failure.Reason.UNAUTHORIZED, m, "credentials refused (401 with the same nonce)");
            return;
        }
        if (code == 438 && known != null && nonce != null) {
            known.nonce = nonce.text();
        } else {
            LongTermAuthState fresh = LongTermAuthState.fromChallenge(m);
            if (fresh == null) {
                fail(t, StunClientEvent.Failure.Reason.UNAUTHORIZED, m,
                        "challenge " + code + " without REALM/NONCE or with no supported algorithm");
                return;
            }
            auth.put(server, known != null && known.offered != null ? keepOffered(fresh, known) : fresh);
        }
        t.authRetries++;
        start(nowNanos, t);
    }

    /** A later challenge's state, keeping the first-offered list so bid-down stays detectable. */
    private static LongTermAuthState keepOffered(LongTermAuthState fresh, LongTermAuthState first) {
        return fresh.offeredList().equals(first.offeredList()) ? fresh : first;
    }

    private void fail(Transaction t, StunClientEvent.Failure.Reason reason, StunMessage response, String detail) {
        events.add(new StunClientEvent.Failure(t.handle, reason, response, detail));
    }

    @Override
    public Datagram pollTransmit(long nowNanos) {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        long min = NO_DEADLINE;
        for (Transaction t : byId.values()) {
            min = Math.min(min, t.deadlineNanos);
        }
        return min;
    }

    @Override
    public void handleTimeout(long nowNanos) {
        List<Transaction> due = new ArrayList<>();
        for (Transaction t : byId.values()) {
            if (t.deadlineNanos <= nowNanos) {
                due.add(t);
            }
        }
        for (Transaction t : due) {
            if (t.cancelled) {
                byId.remove(t.id);
                fail(t, StunClientEvent.Failure.Reason.CANCELLED, null, "cancelled; no response after "
                        + t.sent + " transmission(s)");
            } else if (t.sent >= t.schedule.transmissions(t.request.transport())) {
                byId.remove(t.id);
                if (t.integrityFailures > 0) {
                    fail(t, StunClientEvent.Failure.Reason.INTEGRITY_VIOLATED, null, "all " + t.integrityFailures
                            + " response(s) failed MESSAGE-INTEGRITY after " + t.sent + " transmissions");
                } else {
                    fail(t, StunClientEvent.Failure.Reason.TIMEOUT, null,
                            "no response after " + t.sent + " transmissions, "
                                    + (nowNanos - t.firstSentNanos) / 1_000_000 + " ms");
                }
            } else {
                transmit(nowNanos, t);
            }
        }
    }

    @Override
    public StunClientEvent pollEvent() {
        return events.poll();
    }
}
