package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Attributes of RFC 8489 (and the RFC 3489 address attributes still seen in classic responses). */
public sealed interface CoreAttribute extends StunAttribute {

    /** RFC 8489 §14.1. */
    record MappedAddress(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the transport address
         */
        public MappedAddress {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.MAPPED_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 8489 §14.2. */
    record XorMappedAddress(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the transport address, unXORed
         */
        public XorMappedAddress {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.XOR_MAPPED_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.XOR;
        }
    }

    /** RFC 8489 §14.15. */
    record AlternateServer(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the alternate server's transport address
         */
        public AlternateServer {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.ALTERNATE_SERVER;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 3489 §11.2.5, classic responses only. */
    record SourceAddress(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
        public int type() {
            return AttributeType.SOURCE_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 3489 §11.2.3, classic responses only. */
    record ChangedAddress(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
        public int type() {
            return AttributeType.CHANGED_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 8489 §14.3. */
    record Username(Bytes value) implements CoreAttribute, TextAttribute {
        /**
         * A USERNAME of this text.
         *
         * @param s the text
         * @return the attribute
         */
        public static Username of(String s) {
            return new Username(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.USERNAME;
        }
    }

    /** RFC 8489 §14.9. */
    record Realm(Bytes value) implements CoreAttribute, TextAttribute {
        /**
         * A REALM of this text.
         *
         * @param s the text
         * @return the attribute
         */
        public static Realm of(String s) {
            return new Realm(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.REALM;
        }
    }

    /** RFC 8489 §14.10. */
    record Nonce(Bytes value) implements CoreAttribute, TextAttribute {
        /**
         * A NONCE of this text.
         *
         * @param s the text
         * @return the attribute
         */
        public static Nonce of(String s) {
            return new Nonce(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.NONCE;
        }
    }

    /** RFC 8489 §14.14. */
    record Software(Bytes value) implements CoreAttribute, TextAttribute {
        /**
         * A SOFTWARE of this text.
         *
         * @param s the text
         * @return the attribute
         */
        public static Software of(String s) {
            return new Software(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.SOFTWARE;
        }
    }

    /** RFC 8489 §14.16. */
    record AlternateDomain(Bytes value) implements CoreAttribute, TextAttribute {
        /**
         * An ALTERNATE-DOMAIN of this text.
         *
         * @param s the text
         * @return the attribute
         */
        public static AlternateDomain of(String s) {
            return new AlternateDomain(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.ALTERNATE_DOMAIN;
        }
    }

    /** RFC 8489 §14.4: the 32-byte SHA-256 of the username and realm. */
    record Userhash(Bytes hash) implements CoreAttribute {
        /**
         * Refuses a hash that is not 32 bytes.
         *
         * @param hash the SHA-256 of "username:realm"
         */
        public Userhash {
            if (hash.length() != 32) {
                throw new IllegalArgumentException("USERHASH is 32 bytes, got " + hash.length());
            }
        }

        public int type() {
            return AttributeType.USERHASH;
        }

        public int valueLength() {
            return 32;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            hash.writeTo(out);
        }
    }

    /** RFC 8489 §14.5: HMAC-SHA1, 20 bytes. Built messages get it from the encoder, not from here. */
    record MessageIntegrity(Bytes hmac) implements CoreAttribute {
        /**
         * Refuses an HMAC that is not 20 bytes.
         *
         * @param hmac the HMAC-SHA1
         */
        public MessageIntegrity {
            if (hmac.length() != 20) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY is 20 bytes, got " + hmac.length());
            }
        }

        public int type() {
            return AttributeType.MESSAGE_INTEGRITY;
        }

        public int valueLength() {
            return 20;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            hmac.writeTo(out);
        }
    }

    /** RFC 8489 §14.6: HMAC-SHA256, possibly truncated to 16..32 bytes in steps of 4. */
    record MessageIntegritySha256(Bytes hmac) implements CoreAttribute {
        /**
         * Refuses a length MESSAGE-INTEGRITY-SHA256 may not have.
         *
         * @param hmac the HMAC-SHA256, possibly truncated
         */
        public MessageIntegritySha256 {
            if (!validLength(hmac.length())) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY-SHA256 is 16..32 bytes in steps of 4, got "
                        + hmac.length());
            }
        }

        /**
         * RFC 8489 §14.6: 16 to 32 bytes in steps of 4.
         *
         * @param n a length in bytes
         * @return whether the attribute may have it
         */
        public static boolean validLength(int n) {
            return n >= 16 && n <= 32 && n % 4 == 0;
        }

        public int type() {
            return AttributeType.MESSAGE_INTEGRITY_SHA256;
        }

        public int valueLength() {
            return hmac.length();
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            hmac.writeTo(out);
        }
    }

    /** RFC 8489 §14.7: CRC-32 of the message XOR 0x5354554e. */
    record Fingerprint(int crc) implements CoreAttribute {
        public int type() {
            return AttributeType.FINGERPRINT;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putInt(crc);
        }
    }

    /** RFC 8489 §14.8: class 3..6 and number 0..99 make a code 300..699. */
    record ErrorCode(int code, String reason) implements CoreAttribute {
        /**
         * Refuses a code outside 300..699; a null reason becomes empty.
         *
         * @param code the error code
         * @param reason the reason phrase
         */
        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code must be 300..699, got " + code);
            }
            reason = reason == null ? "" : reason;
        }

        public int type() {
            return AttributeType.ERROR_CODE;
        }

        public int valueLength() {
            return 4 + reason.getBytes(StandardCharsets.UTF_8).length;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100))
                    .put(reason.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** RFC 8489 §14.13: the comprehension-required types a server did not understand. */
    record UnknownAttributes(List<Integer> types) implements CoreAttribute {
        /**
         * Copies the types and refuses one beyond 16 bits.
         *
         * @param types the attribute types the request carried and the server did not understand
         */
        public UnknownAttributes {
            types = List.copyOf(types);
            for (int t : types) {
                if (t < 0 || t > 0xffff) {
                    throw new IllegalArgumentException("attribute type is 16 bits: " + t);
                }
            }
        }

        public int type() {
            return AttributeType.UNKNOWN_ATTRIBUTES;
        }

        public int valueLength() {
            return 2 * types.size();
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            for (int t : types) {
                out.putShort((short) t);
            }
        }
    }

    /** RFC 8489 §14.11 (and one entry of §14.12). */
    record PasswordAlgorithm(int algorithm, Bytes parameters) implements CoreAttribute {
        /** RFC 8489 §18.5: MD5. */
        public static final int MD5 = 0x0001;
        /** RFC 8489 §18.5: SHA-256. */
        public static final int SHA256 = 0x0002;

        /**
         * Refuses an algorithm or parameters beyond 16 bits.
         *
         * @param algorithm the algorithm number
         * @param parameters its parameters
         */
        public PasswordAlgorithm {
            if (algorithm < 0 || algorithm > 0xffff || parameters.length() > 0xffff) {
                throw new IllegalArgumentException("algorithm and parameter length are 16 bits");
            }
        }

        /**
         * An algorithm without parameters (the two RFC 8489 defines have none).
         *
         * @param algorithm MD5 or SHA256
         * @return the attribute
         */
        public static PasswordAlgorithm of(int algorithm) {
            return new PasswordAlgorithm(algorithm, Bytes.EMPTY);
        }

        public int type() {
            return AttributeType.PASSWORD_ALGORITHM;
        }

        public int valueLength() {
            return 4 + parameters.length();
        }

        /** The entry's length inside PASSWORD-ALGORITHMS, where parameters are padded to 4. */
        int paddedLength() {
            return 4 + (parameters.length() + 3 & ~3);
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putShort((short) algorithm).putShort((short) parameters.length());
            parameters.writeTo(out);
        }
    }

    /** RFC 8489 §14.12: the server's list, in its order of preference. */
    record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements CoreAttribute {
        /**
         * Copies the list.
         *
         * @param algorithms the algorithms, in the server's order of preference
         */
        public PasswordAlgorithms {
            algorithms = List.copyOf(algorithms);
        }

        public int type() {
            return AttributeType.PASSWORD_ALGORITHMS;
        }

        public int valueLength() {
            int n = 0;
            for (PasswordAlgorithm a : algorithms) {
                n += a.paddedLength();
            }
            return n;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            for (PasswordAlgorithm a : algorithms) {
                a.writeValue(out, tid);
                for (int i = a.parameters().length(); i % 4 != 0; i++) {
                    out.put((byte) 0);
                }
            }
        }
    }
}
