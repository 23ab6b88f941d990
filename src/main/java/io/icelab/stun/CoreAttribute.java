package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Attributes of RFC 8489 (and the RFC 3489 address attributes still seen in classic responses). */
public sealed interface CoreAttribute extends StunAttribute {

    /** RFC 8489 §14.1. */
    record MappedAddress(InetSocketAddress address) implements CoreAttribute, AddressAttribute {
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
        public static Username of(String s) {
            return new Username(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.USERNAME;
        }
    }

    /** RFC 8489 §14.9. */
    record Realm(Bytes value) implements CoreAttribute, TextAttribute {
        public static Realm of(String s) {
            return new Realm(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.REALM;
        }
    }

    /** RFC 8489 §14.10. */
    record Nonce(Bytes value) implements CoreAttribute, TextAttribute {
        public static Nonce of(String s) {
            return new Nonce(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.NONCE;
        }
    }

    /** RFC 8489 §14.14. */
    record Software(Bytes value) implements CoreAttribute, TextAttribute {
        public static Software of(String s) {
            return new Software(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.SOFTWARE;
        }
    }

    /** RFC 8489 §14.16. */
    record AlternateDomain(Bytes value) implements CoreAttribute, TextAttribute {
        public static AlternateDomain of(String s) {
            return new AlternateDomain(TextAttribute.utf8(s));
        }

        public int type() {
            return AttributeType.ALTERNATE_DOMAIN;
        }
    }

    /** RFC 8489 §14.4: the 32-byte SHA-256 of the username and realm. */
    record Userhash(Bytes hash) implements CoreAttribute {
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
        public MessageIntegritySha256 {
            if (!validLength(hmac.length())) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY-SHA256 is 16..32 bytes in steps of 4, got "
                        + hmac.length());
            }
        }

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
        public static final int MD5 = 0x0001;
        public static final int SHA256 = 0x0002;

        public PasswordAlgorithm {
            if (algorithm < 0 || algorithm > 0xffff || parameters.length() > 0xffff) {
                throw new IllegalArgumentException("algorithm and parameter length are 16 bits");
            }
        }

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
