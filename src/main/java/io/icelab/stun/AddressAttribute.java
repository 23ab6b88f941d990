package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Attributes whose value is a transport address (RFC 8489 §14.1/§14.2 format). */
public sealed interface AddressAttribute extends StunAttribute
        permits CoreAttribute.MappedAddress, CoreAttribute.XorMappedAddress, CoreAttribute.AlternateServer,
        CoreAttribute.SourceAddress, CoreAttribute.ChangedAddress,
        NatBehaviorAttribute.ResponseOrigin, NatBehaviorAttribute.OtherAddress,
        TurnAttribute.XorPeerAddress, TurnAttribute.XorRelayedAddress {

    /**
     * The transport address, unXORed.
     *
     * @return the address
     */
    InetSocketAddress address();

    /** How an address is carried in an attribute's value. */
    enum Encoding {
        /** As it is: MAPPED-ADDRESS, ALTERNATE-SERVER, RESPONSE-ORIGIN, OTHER-ADDRESS (RFC 8489 §14.1). */
        PLAIN,
        /** XOR-ed with the magic cookie and, for IPv6, the transaction ID: the XOR- forms (RFC 8489 §14.2). */
        XOR
    }

    /**
     * How this attribute carries its address.
     *
     * @return XOR for the XOR- forms, whose value is obfuscated with the cookie and transaction ID
     */
    Encoding encoding();

    @Override
    default int valueLength() {
        return AddressCodec.length(address());
    }

    @Override
    default void writeValue(ByteBuffer out, TransactionId transactionId) {
        AddressCodec.write(out, address(), encoding(), transactionId);
    }
}
