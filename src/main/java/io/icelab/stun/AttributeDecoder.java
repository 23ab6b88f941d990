package io.icelab.stun;

import io.icelab.stun.StunDecodeException.Reason;
import java.util.ArrayList;
import java.util.List;

/** Turns one attribute's value bytes into its record. Every check names the offset and the type. */
final class AttributeDecoder {
    /** RFC 8489 §14.3: USERNAME is sent under 509 bytes, and up to 763 bytes must be parsed (RFC 5389). */
    static final int MAX_USERNAME = 763;
    /** RFC 8489 §14.8-§14.14: fewer than 128 characters, which is at most 763 bytes when decoding. */
    static final int MAX_TEXT = 763;
    static final int MAX_CHARACTERS = 127;

    private AttributeDecoder() {
    }

    static StunAttribute decode(byte[] b, int off, int len, int type, TransactionId tid)
            throws StunDecodeException {
        StunAttribute a = core(b, off, len, type, tid);
        if (a == null) {
            a = ice(b, off, len, type);
        }
        if (a == null) {
            a = natBehavior(b, off, len, type);
        }
        if (a == null) {
            a = turn(b, off, len, type, tid);
        }
        return a != null ? a : new UnknownAttribute(type, Bytes.wrap(b, off, len));
    }

    /** RFC 8489 §14 (and RFC 3489's address attributes still seen on the wire). Null for a type of another group. */
    private static StunAttribute core(byte[] b, int off, int len, int type, TransactionId tid) throws StunDecodeException {
        switch (type) {
            case AttributeType.MAPPED_ADDRESS:
                return new CoreAttribute.MappedAddress(plain(b, off, len, type));
            case AttributeType.XOR_MAPPED_ADDRESS:
                return new CoreAttribute.XorMappedAddress(xored(b, off, len, type, tid));
            case AttributeType.ALTERNATE_SERVER:
                return new CoreAttribute.AlternateServer(plain(b, off, len, type));
            case AttributeType.SOURCE_ADDRESS:
                return new CoreAttribute.SourceAddress(plain(b, off, len, type));
            case AttributeType.CHANGED_ADDRESS:
                return new CoreAttribute.ChangedAddress(plain(b, off, len, type));
            case AttributeType.USERNAME:
                return new CoreAttribute.Username(text(b, off, len, type, MAX_USERNAME));
            case AttributeType.REALM:
                return new CoreAttribute.Realm(characters(b, off, len, type));
            case AttributeType.NONCE:
                return new CoreAttribute.Nonce(characters(b, off, len, type));
            case AttributeType.SOFTWARE:
                return new CoreAttribute.Software(characters(b, off, len, type));
            case AttributeType.ALTERNATE_DOMAIN:
                return new CoreAttribute.AlternateDomain(text(b, off, len, type, MAX_TEXT));
            case AttributeType.USERHASH:
                exact(off, len, type, 32);
                return new CoreAttribute.Userhash(Bytes.wrap(b, off, len));
            case AttributeType.MESSAGE_INTEGRITY:
                exact(off, len, type, 20);
                return new CoreAttribute.MessageIntegrity(Bytes.wrap(b, off, len));
            case AttributeType.MESSAGE_INTEGRITY_SHA256:
                if (!CoreAttribute.MessageIntegritySha256.validLength(len)) {
                    throw badLength(off, type, "must be 16..32 bytes in steps of 4, is " + len);
                }
                return new CoreAttribute.MessageIntegritySha256(Bytes.wrap(b, off, len));
            case AttributeType.FINGERPRINT:
                exact(off, len, type, 4);
                return new CoreAttribute.Fingerprint(int32(b, off));
            case AttributeType.ERROR_CODE:
                return errorCode(b, off, len);
            case AttributeType.UNKNOWN_ATTRIBUTES:
                return unknownAttributes(b, off, len);
            case AttributeType.PASSWORD_ALGORITHM:
                return passwordAlgorithm(b, off, len);
            case AttributeType.PASSWORD_ALGORITHMS:
                return passwordAlgorithms(b, off, len);
            default:
                return null;
        }
    }

    /** RFC 8445 §16.1. Null for a type of another group. */
    private static StunAttribute ice(byte[] b, int off, int len, int type) throws StunDecodeException {
        switch (type) {
            case AttributeType.PRIORITY:
                exact(off, len, type, 4);
                return new IceAttribute.Priority(int32(b, off) & 0xffffffffL);
            case AttributeType.USE_CANDIDATE:
                exact(off, len, type, 0);
                return new IceAttribute.UseCandidate();
            case AttributeType.ICE_CONTROLLED:
                exact(off, len, type, 8);
                return new IceAttribute.IceControlled(int64(b, off));
            case AttributeType.ICE_CONTROLLING:
                exact(off, len, type, 8);
                return new IceAttribute.IceControlling(int64(b, off));
            default:
                return null;
        }
    }

    /** RFC 5780 §7. Null for a type of another group. */
    private static StunAttribute natBehavior(byte[] b, int off, int len, int type) throws StunDecodeException {
        switch (type) {
            case AttributeType.RESPONSE_ORIGIN:
                return new NatBehaviorAttribute.ResponseOrigin(plain(b, off, len, type));
            case AttributeType.OTHER_ADDRESS:
                return new NatBehaviorAttribute.OtherAddress(plain(b, off, len, type));
            case AttributeType.CHANGE_REQUEST:
                exact(off, len, type, 4);
                int flags = int32(b, off);
                return new NatBehaviorAttribute.ChangeRequest((flags & NatBehaviorAttribute.ChangeRequest.CHANGE_IP) != 0,
                        (flags & NatBehaviorAttribute.ChangeRequest.CHANGE_PORT) != 0);
            case AttributeType.RESPONSE_PORT:
                exact(off, len, type, 4);
                return new NatBehaviorAttribute.ResponsePort(uint16(b, off));
            case AttributeType.PADDING:
                return new NatBehaviorAttribute.Padding(Bytes.wrap(b, off, len));
            default:
                return null;
        }
    }

    /** RFC 8656 §18, RFC 6156 and RFC 6062. Null for a type of another group. */
    private static StunAttribute turn(byte[] b, int off, int len, int type, TransactionId tid) throws StunDecodeException {
        switch (type) {
            case AttributeType.XOR_PEER_ADDRESS:
                return new TurnAttribute.XorPeerAddress(xored(b, off, len, type, tid));
            case AttributeType.XOR_RELAYED_ADDRESS:
                return new TurnAttribute.XorRelayedAddress(xored(b, off, len, type, tid));
            case AttributeType.CHANNEL_NUMBER:
                exact(off, len, type, 4);
                return new TurnAttribute.ChannelNumber(uint16(b, off));
            case AttributeType.LIFETIME:
                exact(off, len, type, 4);
                return new TurnAttribute.Lifetime(int32(b, off) & 0xffffffffL);
            case AttributeType.DATA:
                return new TurnAttribute.Data(Bytes.wrap(b, off, len));
            case AttributeType.REQUESTED_ADDRESS_FAMILY:
                exact(off, len, type, 4);
                return new TurnAttribute.RequestedAddressFamily(family(b, off, type));
            case AttributeType.ADDITIONAL_ADDRESS_FAMILY:
                exact(off, len, type, 4);
                return new TurnAttribute.AdditionalAddressFamily(family(b, off, type));
            case AttributeType.EVEN_PORT:
                exact(off, len, type, 1);
                return new TurnAttribute.EvenPort((b[off] & 0x80) != 0);
            case AttributeType.REQUESTED_TRANSPORT:
                exact(off, len, type, 4);
                return new TurnAttribute.RequestedTransport(b[off] & 0xff);
            case AttributeType.DONT_FRAGMENT:
                exact(off, len, type, 0);
                return new TurnAttribute.DontFragment();
            case AttributeType.RESERVATION_TOKEN:
                exact(off, len, type, 8);
                return new TurnAttribute.ReservationToken(int64(b, off));
            case AttributeType.ADDRESS_ERROR_CODE:
                return addressErrorCode(b, off, len);
            case AttributeType.ICMP:
                exact(off, len, type, 8);
                return new TurnAttribute.Icmp(b[off + 2] & 0xff, b[off + 3] & 0xff, int32(b, off + 4));
            case AttributeType.CONNECTION_ID:
                exact(off, len, type, 4);
                return new TurnAttribute.ConnectionId(int32(b, off));
            default:
                return null;
        }
    }

    private static java.net.InetSocketAddress plain(byte[] b, int off, int len, int type) throws StunDecodeException {
        return AddressCodec.read(b, off, len, type, AddressAttribute.Encoding.PLAIN, null);
    }

    private static java.net.InetSocketAddress xored(byte[] b, int off, int len, int type, TransactionId tid)
            throws StunDecodeException {
        return AddressCodec.read(b, off, len, type, AddressAttribute.Encoding.XOR, tid);
    }

    private static Bytes text(byte[] b, int off, int len, int type, int max) throws StunDecodeException {
        if (len > max) {
            throw badLength(off, type, len + " bytes, at most " + max + " allowed");
        }
        return Bytes.wrap(b, off, len);
    }

    /** RFC 8489 §14.8-§14.14: a text of fewer than 128 characters (REALM, NONCE, SOFTWARE, reason phrases). */
    private static Bytes characters(byte[] b, int off, int len, int type) throws StunDecodeException {
        Bytes value = text(b, off, len, type, MAX_TEXT);
        String text = value.utf8();
        int n = text.codePointCount(0, text.length());
        if (n > MAX_CHARACTERS) {
            throw badLength(off, type, n + " characters, fewer than 128 allowed");
        }
        return value;
    }

    private static CoreAttribute.ErrorCode errorCode(byte[] b, int off, int len) throws StunDecodeException {
        int type = AttributeType.ERROR_CODE;
        if (len < 4) {
            throw badLength(off, type, len + " bytes, at least 4 needed");
        }
        int cls = b[off + 2] & 0x07;
        int number = b[off + 3] & 0xff;
        if (cls < 3 || cls > 6 || number > 99) {
            throw badValue(off + 2, type, "class " + cls + " number " + number + " is not a code 300..699");
        }
        return new CoreAttribute.ErrorCode(cls * 100 + number, characters(b, off + 4, len - 4, type).utf8());
    }

    private static TurnAttribute.AddressErrorCode addressErrorCode(byte[] b, int off, int len)
            throws StunDecodeException {
        int type = AttributeType.ADDRESS_ERROR_CODE;
        if (len < 4) {
            throw badLength(off, type, len + " bytes, at least 4 needed");
        }
        int cls = b[off + 2] & 0x07;
        int number = b[off + 3] & 0xff;
        if (cls < 3 || cls > 6 || number > 99) {
            throw badValue(off + 2, type, "class " + cls + " number " + number + " is not a code 300..699");
        }
        return new TurnAttribute.AddressErrorCode(b[off] & 0xff, cls * 100 + number,
                characters(b, off + 4, len - 4, type).utf8());
    }

    private static CoreAttribute.UnknownAttributes unknownAttributes(byte[] b, int off, int len)
            throws StunDecodeException {
        if (len % 2 != 0) {
            throw badLength(off, AttributeType.UNKNOWN_ATTRIBUTES, "odd length " + len + " for a list of 16-bit types");
        }
        List<Integer> types = new ArrayList<>(len / 2);
        for (int i = 0; i < len; i += 2) {
            types.add(uint16(b, off + i));
        }
        return new CoreAttribute.UnknownAttributes(types);
    }

    private static CoreAttribute.PasswordAlgorithm passwordAlgorithm(byte[] b, int off, int len)
            throws StunDecodeException {
        int type = AttributeType.PASSWORD_ALGORITHM;
        if (len < 4) {
            throw badLength(off, type, len + " bytes, at least 4 needed");
        }
        int paramLen = uint16(b, off + 2);
        if (4 + paramLen != len) {
            throw badLength(off + 2, type, "parameters length " + paramLen + " does not fill the value of " + len);
        }
        return new CoreAttribute.PasswordAlgorithm(uint16(b, off), Bytes.wrap(b, off + 4, paramLen));
    }

    private static CoreAttribute.PasswordAlgorithms passwordAlgorithms(byte[] b, int off, int len)
            throws StunDecodeException {
        int type = AttributeType.PASSWORD_ALGORITHMS;
        List<CoreAttribute.PasswordAlgorithm> list = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                throw badLength(p, type, "entry header needs 4 bytes, " + (end - p) + " left");
            }
            int paramLen = uint16(b, p + 2);
            int padded = paramLen + 3 & ~3;
            if (4 + padded > end - p) {
                throw badLength(p + 2, type, "entry parameters of " + paramLen + " bytes run past the value");
            }
            list.add(new CoreAttribute.PasswordAlgorithm(uint16(b, p), Bytes.wrap(b, p + 4, paramLen)));
            p += 4 + padded;
        }
        return new CoreAttribute.PasswordAlgorithms(list);
    }

    private static int family(byte[] b, int off, int type) throws StunDecodeException {
        int f = b[off] & 0xff;
        if (f != AddressCodec.FAMILY_IPV4 && f != AddressCodec.FAMILY_IPV6) {
            throw new StunDecodeException(Reason.BAD_ADDRESS_FAMILY, off, type,
                    "family 0x" + Integer.toHexString(f) + " is neither IPv4 (1) nor IPv6 (2)");
        }
        return f;
    }

    private static void exact(int off, int len, int type, int want) throws StunDecodeException {
        if (len != want) {
            throw badLength(off, type, "must be " + want + " bytes, is " + len);
        }
    }

    private static StunDecodeException badLength(int off, int type, String detail) {
        return new StunDecodeException(Reason.BAD_ATTRIBUTE_LENGTH, off, type, detail);
    }

    private static StunDecodeException badValue(int off, int type, String detail) {
        return new StunDecodeException(Reason.BAD_ATTRIBUTE_VALUE, off, type, detail);
    }

    static int uint16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int int32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static long int64(byte[] b, int off) {
        return (long) int32(b, off) << 32 | (int32(b, off + 4) & 0xffffffffL);
    }
}
