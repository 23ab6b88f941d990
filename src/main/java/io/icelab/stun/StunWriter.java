package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes a STUN message in place, for paths that send one per packet (check answers, Data indications):
 * the header, then each attribute as its value is given (RFC 8489 §5, §14), MESSAGE-INTEGRITY and FINGERPRINT
 * computed over the buffer being written. No attribute becomes an object; one writer is reused message after
 * message, its buffer growing to the largest message written. {@link StunMessageBuilder} remains the general
 * way to build a message; both produce the same bytes. Not thread-safe.
 */
public final class StunWriter {
    private static final int MAX_LENGTH = StunMessage.HEADER_LENGTH + 0xffff;

    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[576];
    private int length;
    private byte padding;
    private Stage stage = Stage.DONE;

    /** Where the message being written is: attributes may follow the header, only FINGERPRINT the integrity. */
    private enum Stage { ATTRIBUTES, INTEGRITY, DONE }

    /** A writer with a 576-byte buffer to start with. */
    public StunWriter() {
    }

    /**
     * Starts a message: the header with a zero length (RFC 8489 §5).
     *
     * @param cls the class
     * @param method the method
     * @param tid the transaction id
     * @return this writer
     */
    public StunWriter start(MessageClass cls, Method method, TransactionId tid) {
        return start(cls, method, tid.high(), tid.low());
    }

    /**
     * Starts a message whose transaction id is given as its two parts (a fresh one drawn without making a
     * {@link TransactionId}: {@code random.nextLong()}, then {@code random.nextInt()}, as
     * {@link TransactionId#random} draws them).
     *
     * @param cls the class
     * @param method the method
     * @param idHigh the id's first 64 bits
     * @param idLow its last 32 bits
     * @return this writer
     */
    public StunWriter start(MessageClass cls, Method method, long idHigh, int idLow) {
        putHeader(MessageType.encode(cls, method));
        int64(buf, 8, idHigh);
        int32(buf, 16, idLow);
        return this;
    }

    /**
     * Starts the response to a decoded request: its method, this class, its transaction id and cookie word
     * (RFC 8489 §6.3.1.1; an RFC 3489 request's 128-bit id comes back whole).
     *
     * @param request the request
     * @param cls success or error response
     * @return this writer
     */
    public StunWriter startResponse(StunMessage request, MessageClass cls) {
        start(cls, request.method(), request.transactionId());
        int32(buf, 4, request.cookie());
        return this;
    }

    /**
     * Starts the response to a request read in place: its method, this class, its transaction id and
     * cookie word (RFC 8489 §6.3.1.1), copied from the view's bytes.
     *
     * @param request the request
     * @param cls success or error response
     * @return this writer
     */
    public StunWriter startResponse(StunView request, MessageClass cls) {
        int c = cls.bits(); // the request's method bits, the class bits of RFC 8489 §5 replaced
        putHeader(request.messageType() & ~0x0110 | (c & 1) << 4 | (c & 2) << 7);
        System.arraycopy(request.array(), request.offset() + 4, buf, 4, 16);
        return this;
    }

    private void putHeader(int type) {
        length = StunMessage.HEADER_LENGTH;
        padding = 0;
        stage = Stage.ATTRIBUTES;
        buf[0] = (byte) (type >>> 8);
        buf[1] = (byte) type;
        buf[2] = 0;
        buf[3] = 0;
        int32(buf, 4, StunMessage.MAGIC_COOKIE);
    }

    /**
     * The byte that pads values to a multiple of four (zero unless set; RFC 5769's vectors use spaces).
     *
     * @param value the padding byte
     * @return this writer
     */
    public StunWriter paddingByte(int value) {
        padding = (byte) value;
        return this;
    }

    /**
     * A 4-byte attribute (PRIORITY, LIFETIME, CHANNEL-NUMBER's word...).
     *
     * @param type the attribute type
     * @param value its value
     * @return this writer
     */
    public StunWriter int32(int type, int value) {
        int at = attribute(type, 4);
        int32(buf, at, value);
        return this;
    }

    /**
     * An 8-byte attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).
     *
     * @param type the attribute type
     * @param value its value
     * @return this writer
     */
    public StunWriter int64(int type, long value) {
        int at = attribute(type, 8);
        int64(buf, at, value);
        return this;
    }

    /**
     * An attribute without a value (USE-CANDIDATE, DONT-FRAGMENT).
     *
     * @param type the attribute type
     * @return this writer
     */
    public StunWriter flag(int type) {
        attribute(type, 0);
        return this;
    }

    /**
     * An attribute whose value is these bytes (USERNAME, SOFTWARE, DATA...), padded.
     *
     * @param type the attribute type
     * @param value the bytes
     * @param off where they start
     * @param len how many
     * @return this writer
     */
    public StunWriter bytes(int type, byte[] value, int off, int len) {
        int at = attribute(type, len);
        System.arraycopy(value, off, buf, at, len);
        return this;
    }

    /**
     * An attribute whose value is a whole array.
     *
     * @param type the attribute type
     * @param value the bytes
     * @return this writer
     */
    public StunWriter bytes(int type, byte[] value) {
        return bytes(type, value, 0, value.length);
    }

    /**
     * An attribute whose value is a {@link Bytes} view (a relayed payload as DATA), copied once.
     *
     * @param type the attribute type
     * @param value the bytes
     * @return this writer
     */
    public StunWriter bytes(int type, Bytes value) {
        return bytes(type, value.array(), value.offset(), value.length());
    }

    /**
     * An XOR-encoded address (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS; RFC 8489 §14.2): the
     * port XOR the cookie's top half, the address XOR the cookie (and for IPv6 the transaction id) — the
     * header's own bytes 4..20.
     *
     * @param type the attribute type
     * @param address a resolved address
     * @return this writer
     */
    public StunWriter xorAddress(int type, InetSocketAddress address) {
        byte[] ip = AddressCodec.requireResolved(address).getAddress().getAddress();
        int at = attribute(type, 4 + ip.length);
        buf[at] = 0;
        buf[at + 1] = (byte) (ip.length == 4 ? AddressCodec.FAMILY_IPV4 : AddressCodec.FAMILY_IPV6);
        int port = address.getPort() ^ StunMessage.MAGIC_COOKIE >>> 16;
        buf[at + 2] = (byte) (port >>> 8);
        buf[at + 3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            buf[at + 4 + i] = (byte) (ip[i] ^ buf[4 + i]);
        }
        return this;
    }

    /** Appends a TLV header and makes room for a padded value; returns where the value goes. */
    private int attribute(int type, int valueLength) {
        if (stage != Stage.ATTRIBUTES && !(stage == Stage.INTEGRITY && type == AttributeType.FINGERPRINT)) {
            throw new IllegalStateException(stage == Stage.DONE ? "no message started"
                    : "only FINGERPRINT may follow MESSAGE-INTEGRITY (RFC 8489 §14.5)");
        }
        if (valueLength > 0xffff) {
            throw new IllegalArgumentException(AttributeType.name(type) + " value of " + valueLength + " bytes");
        }
        int padded = valueLength + 3 & ~3;
        int at = reserve(4 + padded);
        buf[at] = (byte) (type >>> 8);
        buf[at + 1] = (byte) type;
        buf[at + 2] = (byte) (valueLength >>> 8);
        buf[at + 3] = (byte) valueLength;
        for (int i = at + 4 + valueLength; i < at + 4 + padded; i++) {
            buf[i] = padding;
        }
        return at + 4;
    }

    private int reserve(int n) {
        int at = length;
        if (at + n > MAX_LENGTH) {
            throw new IllegalStateException("message of " + (at + n) + " bytes exceeds the 16-bit length");
        }
        if (at + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_LENGTH, Math.max(at + n, 2 * buf.length)));
        }
        length = at + n;
        return at;
    }

    /**
     * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message so far, its length field counting
     * this attribute.
     *
     * @param integrity the HMAC state
     * @param key the short-term or long-term key
     * @return this writer
     */
    public StunWriter integrity(Integrity integrity, byte[] key) {
        int at = attribute(AttributeType.MESSAGE_INTEGRITY, 20) - 4;
        integrity.hmacSha1Into(key, buf, 0, at, at + 24 - StunMessage.HEADER_LENGTH, buf, at + 4);
        stage = Stage.INTEGRITY;
        return this;
    }

    /**
     * FINGERPRINT (RFC 8489 §14.7), which ends the message.
     *
     * @return this writer
     */
    public StunWriter fingerprint() {
        int at = attribute(AttributeType.FINGERPRINT, 4) - 4;
        lengthField();
        crc.reset();
        crc.update(buf, 0, at);
        int32(buf, at + 4, (int) crc.getValue() ^ StunDecoder.FINGERPRINT_XOR);
        stage = Stage.DONE;
        return this;
    }

    private void lengthField() {
        int body = length - StunMessage.HEADER_LENGTH;
        buf[2] = (byte) (body >>> 8);
        buf[3] = (byte) body;
    }

    /**
     * The length of what has been written, header included.
     *
     * @return the message's length so far
     */
    public int length() {
        return length;
    }

    /**
     * The message as a new array of exactly its length; the writer may start the next one.
     *
     * @return the bytes
     */
    public byte[] toArray() {
        lengthField();
        stage = Stage.DONE;
        return Arrays.copyOf(buf, length);
    }

    private static void int32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void int64(byte[] b, int at, long v) {
        int32(b, at, (int) (v >>> 32));
        int32(b, at + 4, (int) v);
    }
}
