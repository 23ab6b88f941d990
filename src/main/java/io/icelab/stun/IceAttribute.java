package io.icelab.stun;

import java.nio.ByteBuffer;

/** The ICE attributes of RFC 8445 §16.1. */
public sealed interface IceAttribute extends StunAttribute {

    /** RFC 8445 §7.1.1: the priority a peer-reflexive candidate would have. Unsigned 32 bits. */
    record Priority(long priority) implements IceAttribute {
        /**
         * Refuses a value beyond 32 bits.
         *
         * @param priority the priority
         */
        public Priority {
            if (priority < 0 || priority > 0xffffffffL) {
                throw new IllegalArgumentException("PRIORITY is an unsigned 32-bit value: " + priority);
            }
        }

        public int type() {
            return AttributeType.PRIORITY;
        }

        public int valueLength() {
            return 4;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putInt((int) priority);
        }
    }

    /** RFC 8445 §7.1.2: nominates the pair; no value. */
    record UseCandidate() implements IceAttribute {
        public int type() {
            return AttributeType.USE_CANDIDATE;
        }

        public int valueLength() {
            return 0;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
        }
    }

    /** RFC 8445 §7.1.3: the sender is controlled; 64-bit tie-breaker. */
    record IceControlled(long tieBreaker) implements IceAttribute {
        public int type() {
            return AttributeType.ICE_CONTROLLED;
        }

        public int valueLength() {
            return 8;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putLong(tieBreaker);
        }
    }

    /** RFC 8445 §7.1.3: the sender is controlling; 64-bit tie-breaker. */
    record IceControlling(long tieBreaker) implements IceAttribute {
        public int type() {
            return AttributeType.ICE_CONTROLLING;
        }

        public int valueLength() {
            return 8;
        }

        public void writeValue(ByteBuffer out, TransactionId tid) {
            out.putLong(tieBreaker);
        }
    }
}
