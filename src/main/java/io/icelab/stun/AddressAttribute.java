package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Attributes whose value is a transport address (RFC 8489 §14.1/§14.2 format). */
public sealed interface AddressAttribute extends StunAttribute
        permits CoreAttribute.MappedAddress, CoreAttribute.XorMappedAddress, CoreAttribute.AlternateServer,
        CoreAttribute.SourceAddress, CoreAttribute.ChangedAddress,
        NatBehaviorAttribute.ResponseOrigin, NatBehaviorAttribute.OtherAddress,
        TurnAttribute.XorPeerAddress, TurnAttribute.XorRelayedAddress {

    InetSocketAddress address();

    /** True for the XOR- forms, whose value is obfuscated with the cookie and transaction id. */
    boolean xored();

    @Override
    default int valueLength() {
        return AddressCodec.length(address());
    }

    @Override
    default void writeValue(ByteBuffer out, TransactionId transactionId) {
        AddressCodec.write(out, address(), xored(), transactionId);
    }
}
