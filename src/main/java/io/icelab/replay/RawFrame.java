package io.icelab.replay;

/** One record of a capture file as stored: its 1-based number, time, link type and bytes. */
public record RawFrame(int number, long timeNanos, int linkType, byte[] bytes) {
}
