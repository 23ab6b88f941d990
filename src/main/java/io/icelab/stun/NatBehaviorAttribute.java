package io.icelab.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** The NAT behaviour discovery attributes of RFC 5780 §7. */
public sealed interface NatBehaviorAttribute extends StunAttribute {

    /** RFC 5780 §7.2: ask the server to answer from its other IP and/or port. */
    record ChangeRequest(boolean changeIp, boolean changePort) implements NatBehaviorAttribute {
        static final int CHANGE_IP = 0x04;
        static final int CHANGE_PORT = 0x02;

        public int type() {
            return AttributeType.CHANGE_REQUEST;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putInt((changeIp ? CHANGE_IP : 0) | (changePort ? CHANGE_PORT : 0));
        }
    }

    /** RFC 5780 §7.3: where the response was sent from. */
    record ResponseOrigin(InetSocketAddress address) implements NatBehaviorAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the address the response was sent from
         */
        public ResponseOrigin {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.RESPONSE_ORIGIN;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 5780 §7.4: the server's other IP and port. */
    record OtherAddress(InetSocketAddress address) implements NatBehaviorAttribute, AddressAttribute {
        /**
         * Refuses an unresolved address.
         *
         * @param address the server's other address
         */
        public OtherAddress {
            AddressCodec.requireResolved(address);
        }

        public int type() {
            return AttributeType.OTHER_ADDRESS;
        }

        public AddressAttribute.Encoding encoding() {
            return AddressAttribute.Encoding.PLAIN;
        }
    }

    /** RFC 5780 §7.5: send the response to this port of the request's source IP. */
    record ResponsePort(int port) implements NatBehaviorAttribute {
        /**
         * Refuses a port beyond 16 bits.
         *
         * @param port the port
         */
        public ResponsePort {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port is 16 bits: " + port);
            }
        }

        public int type() {
            return AttributeType.RESPONSE_PORT;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putShort((short) port).putShort((short) 0);
        }
    }

    /** RFC 5780 §7.6: bytes that only make the message bigger. */
    record Padding(Bytes value) implements NatBehaviorAttribute {
        /**
         * PADDING of {@code n} zero bytes.
         *
         * @param n the length
         * @return the attribute
         */
        public static Padding ofLength(int n) {
            return new Padding(Bytes.wrap(new byte[n]));
        }

        public int type() {
            return AttributeType.PADDING;
        }

        public int valueLength() {
            return value.length();
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            value.writeTo(out);
        }
    }
}
