package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The TURN attributes of RFC 8656 §18, RFC 6156 and RFC 6062. */
public sealed interface TurnAttribute extends StunAttribute {

    /** RFC 8656 §18.1: channel numbers 0x4000-0x4FFF, RFFU 16 bits. */
    record ChannelNumber(int channel) implements TurnAttribute {
        /**
         * Refuses a number beyond 16 bits.
         *
         * @param channel the channel number
         */
        public ChannelNumber {
            if (channel < 0 || channel > 0xffff) {
                throw new IllegalArgumentException("channel number is 16 bits: " + channel);
            }
        }

        public int type() {
            return AttributeType.CHANNEL_NUMBER;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putShort((short) channel).putShort((short) 0);
        }
    }

    /** RFC 8656 §18.2: seconds, unsigned 32 bits. */
    record Lifetime(long seconds) implements TurnAttribute {
        /**
         * Refuses a negative lifetime or one beyond 32 bits.
         *
         * @param seconds the lifetime in seconds
         */
        public Lifetime {
            if (seconds < 0 || seconds > 0xffffffffL) {
                throw new IllegalArgumentException("LIFETIME is an unsigned 32-bit value: " + seconds);
            }
        }

        public int type() {
            return AttributeType.LIFETIME;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putInt((int) seconds);
        }
    }

    /** RFC 8656 §18.3; may appear several times in CreatePermission. */
    record XorPeerAddress(InetSocketAddress address) implements TurnAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the peer's transport address, unXORed
         */
        public XorPeerAddress {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.XOR_PEER_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.XOR;
        }
    }

    /** RFC 8656 §18.4: application data in Send and Data indications. */
    record Data(Bytes value) implements TurnAttribute {
        public int type() {
            return AttributeType.DATA;
        }

        public int valueLength() {
            return value.length();
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            value.writeTo(out);
        }
    }

    /** RFC 8656 §18.5; may appear twice in a dual-stack Allocate success. */
    record XorRelayedAddress(InetSocketAddress address) implements TurnAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the relayed transport address, unXORed
         */
        public XorRelayedAddress {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.XOR_RELAYED_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.XOR;
        }
    }

    /** RFC 8656 §18.6 (RFC 6156): family 0x01 IPv4, 0x02 IPv6. */
    record RequestedAddressFamily(int family) implements TurnAttribute {
        /** RFC 8656 §18.8: IPv4. */
        public static final int IPV4 = 0x01;
        /** RFC 8656 §18.8: IPv6. */
        public static final int IPV6 = 0x02;

        public int type() {
            return AttributeType.REQUESTED_ADDRESS_FAMILY;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.put((byte) family).put((byte) 0).putShort((short) 0);
        }
    }

    /** RFC 8656 §18.7: the R bit asks to reserve the next-higher port too. */
    record EvenPort(boolean reserveNext) implements TurnAttribute {
        public int type() {
            return AttributeType.EVEN_PORT;
        }

        public int valueLength() {
            return 1;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.put((byte) (reserveNext ? 0x80 : 0));
        }
    }

    /** RFC 8656 §18.8: IANA protocol number, 17 for UDP, 6 for TCP (RFC 6062). */
    record RequestedTransport(int protocol) implements TurnAttribute {
        /** The protocol number of UDP (RFC 8656 §18.7). */
        public static final int UDP = 17;
        /** The protocol number of TCP (RFC 6062 §6.1). */
        public static final int TCP = 6;

        public int type() {
            return AttributeType.REQUESTED_TRANSPORT;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.put((byte) protocol).put((byte) 0).putShort((short) 0);
        }
    }

    /** RFC 8656 §18.9: no value. */
    record DontFragment() implements TurnAttribute {
        public int type() {
            return AttributeType.DONT_FRAGMENT;
        }

        public int valueLength() {
            return 0;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
        }
    }

    /** RFC 8656 §18.10: an 8-byte token for the reserved port. */
    record ReservationToken(long token) implements TurnAttribute {
        public int type() {
            return AttributeType.RESERVATION_TOKEN;
        }

        public int valueLength() {
            return 8;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putLong(token);
        }
    }

    /** RFC 8656 §18.11: ask for a second relayed address of the other family (IPv6 only). */
    record AdditionalAddressFamily(int family) implements TurnAttribute {
        public int type() {
            return AttributeType.ADDITIONAL_ADDRESS_FAMILY;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.put((byte) family).put((byte) 0).putShort((short) 0);
        }
    }

    /** RFC 8656 §18.12: why one family of a dual allocation failed. */
    record AddressErrorCode(int family, int code, String reason) implements TurnAttribute {
        /**
         * Refuses a code outside 300..699; a null reason becomes empty.
         *
         * @param family the address family that failed
         * @param code the error code
         * @param reason the reason phrase
         */
        public AddressErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code must be 300..699, got " + code);
            }
            reason = reason == null ? "" : reason;
        }

        public int type() {
            return AttributeType.ADDRESS_ERROR_CODE;
        }

        public int valueLength() {
            return 4 + reason.getBytes(StandardCharsets.UTF_8).length;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.put((byte) family).put((byte) 0).put((byte) (code / 100)).put((byte) (code % 100))
                    .put(reason.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** RFC 8656 §18.13: an ICMP message the relay received, carried in a Data indication. */
    record Icmp(int icmpType, int icmpCode, int errorData) implements TurnAttribute {
        public int type() {
            return AttributeType.ICMP;
        }

        public int valueLength() {
            return 8;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putShort((short) 0).put((byte) icmpType).put((byte) icmpCode).putInt(errorData);
        }
    }

    /** RFC 6062 §6.2.1: identifies a peer data connection. */
    record ConnectionId(int id) implements TurnAttribute {
        public int type() {
            return AttributeType.CONNECTION_ID;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putInt(id);
        }
    }
}
