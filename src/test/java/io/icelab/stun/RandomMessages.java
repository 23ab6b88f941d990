package io.icelab.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Seeded generators of attributes and messages, one case per attribute record. */
final class RandomMessages {
    /** How many attribute kinds {@link #attribute} can make; each index is one record type. */
    static final int KINDS = 47;

    private RandomMessages() {
    }

    static StunAttribute attribute(RandomGenerator r, int kind) {
        switch (kind) {
            case 0: return new CoreAttribute.MappedAddress(address(r));
            case 1: return new CoreAttribute.XorMappedAddress(address(r));
            case 2: return new CoreAttribute.AlternateServer(address(r));
            case 3: return new CoreAttribute.SourceAddress(address(r));
            case 4: return new CoreAttribute.ChangedAddress(address(r));
            case 5: return new CoreAttribute.Username(bytes(r, 0, 513));
            case 6: return new CoreAttribute.Realm(bytes(r, 0, 127));
            case 7: return new CoreAttribute.Nonce(bytes(r, 0, 127));
            case 8: return new CoreAttribute.Software(bytes(r, 0, 127));
            case 9: return new CoreAttribute.AlternateDomain(bytes(r, 0, 100));
            case 10: return new CoreAttribute.Userhash(bytes(r, 32, 32));
            case 11: return new CoreAttribute.ErrorCode(300 + r.nextInt(400), text(r, 40));
            case 12: return new CoreAttribute.UnknownAttributes(types(r));
            case 13: return new CoreAttribute.PasswordAlgorithm(r.nextInt(0x10000), bytes(r, 0, 9));
            case 14: return new CoreAttribute.PasswordAlgorithms(List.of(
                    new CoreAttribute.PasswordAlgorithm(1, Bytes.EMPTY),
                    new CoreAttribute.PasswordAlgorithm(r.nextInt(0x10000), bytes(r, 0, 7))));
            case 15: return new IceAttribute.Priority(r.nextLong(0x1_0000_0000L));
            case 16: return new IceAttribute.UseCandidate();
            case 17: return new IceAttribute.IceControlled(r.nextLong());
            case 18: return new IceAttribute.IceControlling(r.nextLong());
            case 19: return new NatBehaviorAttribute.ChangeRequest(r.nextBoolean(), r.nextBoolean());
            case 20: return new NatBehaviorAttribute.ResponseOrigin(address(r));
            case 21: return new NatBehaviorAttribute.OtherAddress(address(r));
            case 22: return new NatBehaviorAttribute.ResponsePort(r.nextInt(0x10000));
            case 23: return new NatBehaviorAttribute.Padding(bytes(r, 0, 300));
            case 24: return new TurnAttribute.ChannelNumber(0x4000 + r.nextInt(0x1000));
            case 25: return new TurnAttribute.Lifetime(r.nextLong(0x1_0000_0000L));
            case 26: return new TurnAttribute.XorPeerAddress(address(r));
            case 27: return new TurnAttribute.Data(bytes(r, 0, 1200));
            case 28: return new TurnAttribute.XorRelayedAddress(address(r));
            case 29: return new TurnAttribute.RequestedAddressFamily(1 + r.nextInt(2));
            case 30: return new TurnAttribute.EvenPort(r.nextBoolean());
            case 31: return new TurnAttribute.RequestedTransport(r.nextBoolean() ? 17 : 6);
            case 32: return new TurnAttribute.DontFragment();
            case 33: return new TurnAttribute.ReservationToken(r.nextLong());
            case 34: return new TurnAttribute.AdditionalAddressFamily(1 + r.nextInt(2));
            case 35: return new TurnAttribute.AddressErrorCode(1 + r.nextInt(2), 300 + r.nextInt(400), text(r, 30));
            case 36: return new TurnAttribute.Icmp(r.nextInt(256), r.nextInt(256), r.nextInt());
            case 37: return new TurnAttribute.ConnectionId(r.nextInt());
            case 38: return new UnknownAttribute(0x7000 + r.nextInt(0x800), bytes(r, 0, 40));
            case 39: return new UnknownAttribute(0xc000 + r.nextInt(0x3000), bytes(r, 0, 40));
            case 40: return new CoreAttribute.Username(TextAttribute.utf8("\u30DE\u30C8" + text(r, 20)));
            case 41: return new CoreAttribute.XorMappedAddress(ipv6(r));
            case 42: return new TurnAttribute.XorPeerAddress(ipv6(r));
            case 43: return new CoreAttribute.ErrorCode(401, "");
            case 44: return new TurnAttribute.Data(Bytes.EMPTY);
            case 45: return new CoreAttribute.UnknownAttributes(List.of());
            case 46: return new NatBehaviorAttribute.Padding(Bytes.EMPTY);
            default: throw new IllegalArgumentException("kind " + kind);
        }
    }

    static StunMessageBuilder message(RandomGenerator r, List<StunAttribute> attrs) {
        MessageClass cls = MessageClass.values()[r.nextInt(4)];
        StunMessageBuilder b = StunMessageBuilder.of(cls, new Method(r.nextInt(0x1000)), TransactionId.random(r));
        for (StunAttribute a : attrs) {
            b.add(a);
        }
        return b;
    }

    static InetSocketAddress address(RandomGenerator r) {
        return r.nextInt(3) == 0 ? ipv6(r) : ipv4(r);
    }

    static InetSocketAddress ipv4(RandomGenerator r) {
        byte[] ip = new byte[4];
        r.nextBytes(ip);
        return at(ip, r.nextInt(0x10000));
    }

    static InetSocketAddress ipv6(RandomGenerator r) {
        byte[] ip = new byte[16];
        r.nextBytes(ip);
        ip[0] = (byte) 0x20; // a global unicast address: InetAddress would rewrite IPv4-mapped ones
        return at(ip, r.nextInt(0x10000));
    }

    private static InetSocketAddress at(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Bytes bytes(RandomGenerator r, int min, int max) {
        byte[] b = new byte[min + r.nextInt(max - min + 1)];
        r.nextBytes(b);
        return Bytes.wrap(b);
    }

    static String text(RandomGenerator r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append((char) (' ' + r.nextInt(95)));
        }
        return sb.toString();
    }

    private static List<Integer> types(RandomGenerator r) {
        List<Integer> out = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            out.add(r.nextInt(0x10000));
        }
        return out;
    }
}
