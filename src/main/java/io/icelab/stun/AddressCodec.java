package io.icelab.stun;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** The shared (XOR-)address value format of RFC 8489 §14.1 and §14.2. */
final class AddressCodec {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;
    static final int MAGIC_COOKIE = 0x2112a442;

    private AddressCodec() {
    }

    static int length(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? 20 : 8;
    }

    static int family(InetAddress address) {
        return address instanceof Inet6Address ? FAMILY_IPV6 : FAMILY_IPV4;
    }

    static InetSocketAddress requireResolved(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address must be a literal IP, not a host name: " + address);
        }
        return address;
    }

    static void write(ByteBuffer out, InetSocketAddress address, AddressAttribute.Encoding encoding, TransactionId tid) {
        byte[] ip = address.getAddress().getAddress();
        int port = address.getPort();
        out.put((byte) 0).put((byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6));
        if (encoding == AddressAttribute.Encoding.XOR) {
            port ^= MAGIC_COOKIE >>> 16;
            xorAddress(ip, tid);
        }
        out.putShort((short) port).put(ip);
    }

    static InetSocketAddress read(byte[] buf, int off, int len, int type, AddressAttribute.Encoding encoding,
            TransactionId tid)
            throws StunDecodeException {
        if (len < 4) {
            throw new StunDecodeException(StunDecodeException.Reason.BAD_ATTRIBUTE_LENGTH, off, type,
                    "address value is " + len + " bytes, at least 8 needed");
        }
        int family = buf[off + 1] & 0xff;
        int ipLen;
        if (family == FAMILY_IPV4) {
            ipLen = 4;
        } else if (family == FAMILY_IPV6) {
            ipLen = 16;
        } else {
            throw new StunDecodeException(StunDecodeException.Reason.BAD_ADDRESS_FAMILY, off + 1, type,
                    "family 0x" + Integer.toHexString(family) + " is neither IPv4 (1) nor IPv6 (2)");
        }
        if (len != 4 + ipLen) {
            throw new StunDecodeException(StunDecodeException.Reason.BAD_ATTRIBUTE_LENGTH, off, type,
                    "family " + family + " needs " + (4 + ipLen) + " bytes, value has " + len);
        }
        int port = (buf[off + 2] & 0xff) << 8 | (buf[off + 3] & 0xff);
        byte[] ip = new byte[ipLen];
        System.arraycopy(buf, off + 4, ip, 0, ipLen);
        if (encoding == AddressAttribute.Encoding.XOR) {
            port ^= MAGIC_COOKIE >>> 16;
            xorAddress(ip, tid);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** RFC 8489 §14.2: IPv4 XOR the cookie; IPv6 XOR the cookie followed by the transaction id. */
    private static void xorAddress(byte[] ip, TransactionId tid) {
        byte[] key = new byte[16];
        ByteBuffer.wrap(key).putInt(MAGIC_COOKIE).putLong(tid.high()).putInt(tid.low());
        for (int i = 0; i < ip.length; i++) {
            ip[i] ^= key[i];
        }
    }
}
