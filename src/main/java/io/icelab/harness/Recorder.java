package io.icelab.harness;

import io.icelab.sim.PacketCapture;
import io.icelab.sim.SimPacket;
import java.util.ArrayList;
import java.util.List;

/** Keeps every packet a scenario's simulation put on a realm's wire, for assertions and the ladder. */
public final class Recorder implements PacketCapture {
    public record Captured(long timeNanos, String realm, SimPacket packet) {
    }

    private final List<Captured> packets = new ArrayList<>();

    @Override
    public void packet(long timeNanos, String tap, SimPacket packet) {
        packets.add(new Captured(timeNanos, tap, packet));
    }

    public List<Captured> packets() {
        return List.copyOf(packets);
    }
}
