package io.icelab.sim;

/** Receives every packet as it crosses a realm (a tap per realm), at virtual time. */
public interface PacketCapture {
    void packet(long timeNanos, String tap, SimPacket packet);
}
