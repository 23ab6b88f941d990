package io.icelab.sim.tcp;

import io.icelab.stun.Bytes;
import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One TCP connection (RFC 9293), sans-IO: the three-way handshake and the simultaneous open (§3.5), in-order data
 * with acknowledgements (§3.4, §3.10.7.4; out-of-order segments are dropped and acknowledged again, there is no
 * SACK), retransmission with RFC 6298's RTO, Karn's rule and exponential back-off, the MSS option (§3.7.1), FIN in
 * both orders and TIME-WAIT (§3.6), RST (§3.5.2) and RFC 5961's challenge ACK for a SYN or an inexact RST in the
 * window. Every segment is answered at once (no delayed ACK), so runs are exact.
 */
public final class TcpConnection {
    /** RFC 9293 §3.3.2, without LISTEN (a listener is the stack's). */
    public enum State {
        /** Our SYN is out. */
        SYN_SENT,
        /** A SYN arrived (passive open, or a simultaneous open); our SYN-ACK is out. */
        SYN_RECEIVED,
        /** Data flows both ways. */
        ESTABLISHED,
        /** We closed; our FIN is not acknowledged yet. */
        FIN_WAIT_1,
        /** Our FIN is acknowledged; the peer may still send. */
        FIN_WAIT_2,
        /** The peer closed; we may still send. */
        CLOSE_WAIT,
        /** Both FINs crossed; ours is not acknowledged yet. */
        CLOSING,
        /** The peer closed first, then we did; our FIN is not acknowledged yet. */
        LAST_ACK,
        /** Both closed; waiting 2 MSL for stray segments. */
        TIME_WAIT,
        /** Nothing more happens. */
        CLOSED
    }

    private final TcpConfig config;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final long iss;
    private final ArrayDeque<TcpSegment> outbox = new ArrayDeque<>();
    private final ArrayDeque<TcpEvent> events = new ArrayDeque<>();
    /** Bytes the application wrote from {@code sndUna} on: sent but unacknowledged, then not yet sent. */
    private byte[] sendBuffer = new byte[0];
    private State state;
    private long sndUna;
    private long sndNxt;
    private long sndWnd;
    private long irs;
    private long rcvNxt;
    private int peerMss = 536;
    private boolean finQueued;
    private long finSeq = -1;
    private final RetransmitTimer timer;
    /** After a timeout, what was sent before it: ACKs below it retransmit the next segment at once (RFC 6582). */
    private long recoverUntil = -1;
    private long timeWaitEnds = SansIo.NO_DEADLINE;

    private TcpConnection(TcpConfig config, InetSocketAddress local, InetSocketAddress remote, long iss, State state) {
        this.config = config;
        this.local = local;
        this.remote = remote;
        this.iss = iss & 0xffffffffL;
        this.state = state;
        this.sndUna = this.iss;
        this.sndNxt = this.iss;
        this.timer = new RetransmitTimer(config);
    }

    /**
     * An active open: the SYN goes now (RFC 9293 §3.5).
     *
     * @param config the settings
     * @param local our transport address
     * @param remote the peer's
     * @param iss the initial send sequence number (random, from the caller's generator)
     * @param now the current time in nanoseconds
     * @return the connection, in SYN-SENT
     */
    public static TcpConnection connect(TcpConfig config, InetSocketAddress local, InetSocketAddress remote, long iss,
            long now) {
        TcpConnection c = new TcpConnection(config, local, remote, iss, State.SYN_SENT);
        c.sendSyn(now, 0);
        return c;
    }

    /**
     * A passive open: a listener got {@code syn}; the SYN-ACK goes now.
     *
     * @param config the settings
     * @param local our transport address
     * @param remote the peer's
     * @param iss the initial send sequence number
     * @param syn the SYN that arrived
     * @param now the current time in nanoseconds
     * @return the connection, in SYN-RECEIVED
     */
    public static TcpConnection accept(TcpConfig config, InetSocketAddress local, InetSocketAddress remote, long iss,
            TcpSegment syn, long now) {
        TcpConnection c = new TcpConnection(config, local, remote, iss, State.SYN_RECEIVED);
        c.synchronize(syn);
        c.sendSyn(now, TcpSegment.ACK);
        return c;
    }

    /**
     * Where the connection stands.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Our transport address.
     *
     * @return the address
     */
    public InetSocketAddress local() {
        return local;
    }

    /**
     * The peer's transport address.
     *
     * @return the address
     */
    public InetSocketAddress remote() {
        return remote;
    }

    /**
     * Queues data to send; it goes as the peer's window and MSS allow.
     *
     * @param now the current time in nanoseconds
     * @param data the bytes (copied)
     * @throws IllegalStateException after {@link #close} or once the connection is over
     */
    public void send(long now, byte[] data) {
        if (finQueued || state == State.CLOSED || state == State.TIME_WAIT) {
            throw new IllegalStateException("connection closing or closed (" + state + ")");
        }
        byte[] more = java.util.Arrays.copyOf(sendBuffer, sendBuffer.length + data.length);
        System.arraycopy(data, 0, more, sendBuffer.length, data.length);
        sendBuffer = more;
        flush(now);
    }

    /**
     * Closes our direction: a FIN follows the data still queued (RFC 9293 §3.6). Closing before the handshake
     * completed abandons the attempt.
     *
     * @param now the current time in nanoseconds
     */
    public void close(long now) {
        if (state == State.SYN_SENT) {
            end(new TcpEvent.Closed());
            return;
        }
        if (!finQueued && state != State.CLOSED && state != State.TIME_WAIT) {
            finQueued = true;
            flush(now);
        }
    }

    /**
     * Aborts: a RST goes (once the peer knows our sequence numbers) and the connection is over (RFC 9293 §3.10.5).
     *
     * @param now the current time in nanoseconds
     */
    public void abort(long now) {
        if (state != State.SYN_SENT && state != State.CLOSED && state != State.TIME_WAIT) {
            outbox.add(segment(sndNxt, TcpSegment.RST, Bytes.EMPTY));
        }
        end(new TcpEvent.Closed());
    }

    /**
     * A segment for this connection (RFC 9293 §3.10.7.3-§3.10.7.4).
     *
     * @param now the current time in nanoseconds
     * @param seg the segment
     */
    public void handleSegment(long now, TcpSegment seg) {
        switch (state) {
            case CLOSED -> { }
            case SYN_SENT -> synSent(now, seg);
            default -> synchronizedState(now, seg);
        }
    }

    private void synSent(long now, TcpSegment seg) {
        boolean ackOk = seg.has(TcpSegment.ACK) && after(seg.ack(), iss) && !after(seg.ack(), sndNxt);
        if (seg.has(TcpSegment.ACK) && !ackOk) {
            if (!seg.has(TcpSegment.RST)) {
                outbox.add(seg.reset());
            }
            return;
        }
        if (seg.has(TcpSegment.RST)) {
            if (ackOk) {
                end(new TcpEvent.Refused());
            }
            return;
        }
        if (!seg.has(TcpSegment.SYN)) {
            return;
        }
        synchronize(seg);
        if (ackOk) {
            acknowledged(now, seg.ack());
            sndWnd = seg.window();
            state = State.ESTABLISHED;
            events.add(new TcpEvent.Connected());
            sendAck();
            flush(now);
        } else {
            // §3.5 Figure 8, simultaneous open: both SYNs crossed; ours is answered with a SYN-ACK
            state = State.SYN_RECEIVED;
            timer.stop();
            sndNxt = iss;
            sendSyn(now, TcpSegment.ACK);
        }
    }

    private void synchronize(TcpSegment syn) {
        irs = syn.seq();
        rcvNxt = (irs + 1) & 0xffffffffL;
        sndWnd = syn.window();
        if (syn.mss() != 0) {
            peerMss = syn.mss();
        }
    }

    private void synchronizedState(long now, TcpSegment seg) {
        if (state == State.SYN_RECEIVED && seg.has(TcpSegment.SYN) && seg.seq() == irs) {
            // the peer's SYN again, now with its ACK (§3.5 Figure 8, line 6): only its ACK counts
            seg = new TcpSegment(seg.sourcePort(), seg.destinationPort(), rcvNxt, seg.ack(),
                    seg.flags() & ~TcpSegment.SYN, seg.window(), 0, Bytes.EMPTY);
        }
        if (!acceptable(seg)) {
            if (!seg.has(TcpSegment.RST)) {
                sendAck(); // §3.10.7.4: an unacceptable segment is answered with an ACK and dropped
            }
            if (state == State.TIME_WAIT && seg.has(TcpSegment.FIN)) {
                timeWaitEnds = now + 2 * config.mslNanos(); // §3.10.7.4: the FIN again restarts the 2 MSL wait
            }
            return;
        }
        if (seg.has(TcpSegment.RST)) {
            if (seg.seq() == rcvNxt) {
                end(new TcpEvent.Reset());
            } else {
                sendAck(); // RFC 5961 §3.2: a RST in the window but not exact gets a challenge ACK
            }
            return;
        }
        if (seg.has(TcpSegment.SYN)) {
            sendAck(); // RFC 5961 §4.2: a SYN on a synchronized connection gets a challenge ACK
            return;
        }
        if (!seg.has(TcpSegment.ACK) || !onAck(now, seg)) {
            return;
        }
        receive(now, seg);
    }

    /** §3.10.7.4: the segment overlaps the receive window (a zero-length one sits at its left edge or in it). */
    private boolean acceptable(TcpSegment seg) {
        long len = seg.sequenceLength();
        long wnd = config.window();
        long start = diff(seg.seq(), rcvNxt);
        if (len == 0) {
            return start == 0 || start > 0 && start < wnd;
        }
        long end = start + len - 1;
        return start >= 0 && start < wnd || end >= 0 && end < wnd;
    }

    /** The ACK field (§3.10.7.4, fifth step); false when the segment is to be dropped. */
    private boolean onAck(long now, TcpSegment seg) {
        long ack = seg.ack();
        if (state == State.SYN_RECEIVED) {
            if (!after(ack, sndUna) || after(ack, sndNxt)) {
                outbox.add(seg.reset());
                return false;
            }
            state = State.ESTABLISHED;
            events.add(new TcpEvent.Connected());
        }
        if (after(ack, sndNxt)) {
            sendAck(); // acknowledges something not yet sent
            return false;
        }
        if (after(ack, sndUna)) {
            acknowledged(now, ack);
        }
        sndWnd = seg.window();
        boolean finAcked = finSeq >= 0 && !after(finSeq + 1 & 0xffffffffL, sndUna);
        if (finAcked) {
            switch (state) {
                case FIN_WAIT_1 -> state = State.FIN_WAIT_2;
                case CLOSING -> enterTimeWait(now);
                case LAST_ACK -> {
                    end(new TcpEvent.Closed());
                    return false;
                }
                default -> { }
            }
        }
        flush(now);
        return true;
    }

    /** New data acknowledged: it leaves the buffer, the RTT is sampled (Karn) and the timer restarts or stops. */
    private void acknowledged(long now, long ack) {
        long bytes = diff(ack, sndUna);
        long dataAcked = Math.min(bytes, sendBuffer.length);
        if (diff(sndUna, iss) == 0) {
            dataAcked = Math.min(bytes - 1, sendBuffer.length); // the SYN's sequence number carries no data
        }
        if (dataAcked > 0) {
            sendBuffer = java.util.Arrays.copyOfRange(sendBuffer, (int) dataAcked, sendBuffer.length);
        }
        sndUna = ack;
        timer.acknowledged(now, ack, diff(sndNxt, sndUna) > 0);
        if (recoverUntil >= 0) {
            if (diff(sndUna, recoverUntil) < 0) {
                retransmitOldest(); // a partial ACK: the next segment was lost too (RFC 6582 §3.2, step 5)
            } else {
                recoverUntil = -1;
            }
        }
    }

    /** Data and FIN (§3.10.7.4, seventh and eighth steps). */
    private void receive(long now, TcpSegment seg) {
        boolean canReceive = state == State.ESTABLISHED || state == State.FIN_WAIT_1 || state == State.FIN_WAIT_2;
        Bytes data = seg.payload();
        long skip = diff(rcvNxt, seg.seq());
        boolean inOrder = skip >= 0 && skip <= data.length();
        if (canReceive && data.length() > 0) {
            if (inOrder && skip < data.length()) {
                Bytes fresh = data.slice((int) skip, data.length() - (int) skip);
                rcvNxt = (rcvNxt + fresh.length()) & 0xffffffffL;
                events.add(new TcpEvent.DataReceived(fresh));
            }
            sendAck(); // in order or not, the peer learns what is expected next
        }
        if (seg.has(TcpSegment.FIN) && inOrder && diff(seg.seq() + data.length() & 0xffffffffL, rcvNxt) == 0) {
            rcvNxt = (rcvNxt + 1) & 0xffffffffL;
            sendAck();
            finReceived(now);
        }
    }

    private void finReceived(long now) {
        switch (state) {
            case ESTABLISHED -> {
                state = State.CLOSE_WAIT;
                events.add(new TcpEvent.PeerClosed());
            }
            case FIN_WAIT_1 -> {
                state = State.CLOSING;
                events.add(new TcpEvent.PeerClosed());
            }
            case FIN_WAIT_2 -> {
                events.add(new TcpEvent.PeerClosed());
                enterTimeWait(now);
            }
            default -> { }
        }
    }

    /** Both directions are closed: the application hears it now; the connection lingers 2 MSL for strays. */
    private void enterTimeWait(long now) {
        state = State.TIME_WAIT;
        timer.stop();
        timeWaitEnds = now + 2 * config.mslNanos();
        events.add(new TcpEvent.Closed());
    }

    /** Sends what the window and the MSS allow, then the FIN once every byte is out. */
    private void flush(long now) {
        if (state != State.ESTABLISHED && state != State.CLOSE_WAIT) {
            return;
        }
        int mss = Math.min(peerMss, config.mss());
        while (true) {
            long inFlight = diff(sndNxt, sndUna);
            long unsent = sendBuffer.length - inFlight;
            long room = sndWnd - inFlight;
            if (unsent <= 0 || room <= 0) {
                break;
            }
            int n = (int) Math.min(Math.min(unsent, room), mss);
            Bytes data = Bytes.wrap(sendBuffer, (int) inFlight, n);
            outbox.add(segment(sndNxt, TcpSegment.ACK | TcpSegment.PSH, data));
            timer.sent(now, sndNxt, n);
            sndNxt = (sndNxt + n) & 0xffffffffL;
        }
        if (finQueued && finSeq < 0 && diff(sndNxt, sndUna) == sendBuffer.length) {
            finSeq = sndNxt;
            outbox.add(segment(sndNxt, TcpSegment.FIN | TcpSegment.ACK, Bytes.EMPTY));
            timer.sent(now, sndNxt, 1);
            sndNxt = (sndNxt + 1) & 0xffffffffL;
            state = state == State.ESTABLISHED ? State.FIN_WAIT_1 : State.LAST_ACK;
        }
    }

    private void sendSyn(long now, int extra) {
        outbox.add(new TcpSegment(local.getPort(), remote.getPort(), iss, extra != 0 ? rcvNxt : 0,
                TcpSegment.SYN | extra, config.window(), config.mss(), Bytes.EMPTY));
        timer.sent(now, iss, 1);
        sndNxt = (iss + 1) & 0xffffffffL;
    }

    private void sendAck() {
        outbox.add(segment(sndNxt, TcpSegment.ACK, Bytes.EMPTY));
    }

    private TcpSegment segment(long seq, int flags, Bytes data) {
        return new TcpSegment(local.getPort(), remote.getPort(), seq, rcvNxt, flags, config.window(), 0, data);
    }

    private void end(TcpEvent why) {
        state = State.CLOSED;
        timer.stop();
        timeWaitEnds = SansIo.NO_DEADLINE;
        if (why != null) {
            events.add(why);
        }
    }

    /**
     * The next segment to send.
     *
     * @return the segment, or null
     */
    public TcpSegment pollSegment() {
        return outbox.poll();
    }

    /**
     * Whether segments wait to be polled.
     *
     * @return true when {@link #pollSegment} has one
     */
    public boolean hasPendingSegments() {
        return !outbox.isEmpty();
    }

    /**
     * The next event for the application.
     *
     * @return the event, or null
     */
    public TcpEvent pollEvent() {
        return events.poll();
    }

    /**
     * When {@link #handleTimeout} is next due: a retransmission, or the end of TIME-WAIT.
     *
     * @return the time in nanoseconds, or {@link SansIo#NO_DEADLINE}
     */
    public long pollTimeout() {
        return Math.min(timer.deadline(), timeWaitEnds);
    }

    /**
     * Retransmits what timed out (RFC 6298 §5.4-§5.6: the earliest unacknowledged segment, the RTO doubled), gives
     * up after the configured retries, and ends TIME-WAIT.
     *
     * @param now the current time in nanoseconds
     */
    public void handleTimeout(long now) {
        if (now >= timeWaitEnds) {
            end(null); // the application heard of the close when TIME-WAIT began
            return;
        }
        if (now < timer.deadline()) {
            return;
        }
        boolean handshake = state == State.SYN_SENT || state == State.SYN_RECEIVED;
        if (!timer.backOff(now, handshake ? config.synRetries() : config.dataRetries())) {
            State was = state;
            end(new TcpEvent.TimedOut(was));
            return;
        }
        if (handshake) {
            outbox.add(new TcpSegment(local.getPort(), remote.getPort(), iss, state == State.SYN_RECEIVED ? rcvNxt : 0,
                    TcpSegment.SYN | (state == State.SYN_RECEIVED ? TcpSegment.ACK : 0), config.window(), config.mss(),
                    Bytes.EMPTY));
        } else {
            recoverUntil = sndNxt;
            retransmitOldest();
        }
    }

    /** The earliest unacknowledged segment again: data from {@code sndUna}, or the FIN. */
    private void retransmitOldest() {
        if (finSeq >= 0 && diff(sndUna, finSeq) == 0) {
            outbox.add(segment(finSeq, TcpSegment.FIN | TcpSegment.ACK, Bytes.EMPTY));
            return;
        }
        int n = (int) Math.min(Math.min(peerMss, config.mss()), Math.min(sendBuffer.length, diff(sndNxt, sndUna)));
        if (n > 0) {
            outbox.add(segment(sndUna, TcpSegment.ACK | TcpSegment.PSH, Bytes.wrap(sendBuffer, 0, n)));
        }
    }

    /** {@code a - b} in 32-bit sequence space: positive when {@code a} is after {@code b} (RFC 9293 §3.4). */
    static long diff(long a, long b) {
        return (int) (a - b);
    }

    private static boolean after(long a, long b) {
        return diff(a, b) > 0;
    }
}
