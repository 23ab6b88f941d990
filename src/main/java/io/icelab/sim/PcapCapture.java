package io.icelab.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.packet.namednumber.UdpPort;

/**
 * Writes what the simulation's taps see to a capture file: real IPv4/IPv6 and UDP (or TCP) headers with
 * valid checksums, built with pcap4j's pure-Java packet classes (no libpcap), and virtual timestamps
 * from {@link SimTime#CAPTURE_EPOCH_SECONDS}. A packet that crosses several realms appears once per
 * realm, with the addresses it has there: in pcapng on that realm's own interface, in classic pcap all
 * on one link.
 */
public final class PcapCapture implements PacketCapture, AutoCloseable {
    private final CaptureWriter writer;
    private final Set<String> taps;
    private long written;

    /** Captures the realms named in {@code taps}, or every realm when it is empty, in the format the file name says. */
    public PcapCapture(Path file, Set<String> taps) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), CaptureFormat.forFile(file), taps);
    }

    public PcapCapture(Path file) throws IOException {
        this(file, Set.of());
    }

    /** Writes every realm to {@code out} (closed with this capture). */
    public PcapCapture(OutputStream out, CaptureFormat format, Set<String> taps) throws IOException {
        this.writer = CaptureWriter.open(format, out);
        this.taps = Set.copyOf(taps);
    }

    public long written() {
        return written;
    }

    @Override
    public void packet(long timeNanos, String tap, SimPacket p) {
        if (!taps.isEmpty() && !taps.contains(tap)) {
            return;
        }
        dump(timeNanos, tap, ipPacket(p));
    }

    private void dump(long timeNanos, String tap, Packet packet) {
        try {
            writer.frame(SimTime.CAPTURE_EPOCH_SECONDS * SimTime.S + timeNanos, tap, packet.getRawData());
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("capture: " + e.getMessage(), e);
        }
    }

    static Packet ipPacket(SimPacket p) {
        if (p.protocol() == io.icelab.stun.Transport.TCP) {
            // the payload is the whole segment, checksum included, as the simulator carried it
            return ip(p.source().getAddress(), p.destination().getAddress(), p.id(), IpNumber.TCP,
                    new UnknownPacket.Builder().rawData(p.payload().toArray()));
        }
        UdpPacket.Builder udp = new UdpPacket.Builder()
                .srcPort(UdpPort.getInstance((short) p.source().getPort()))
                .dstPort(UdpPort.getInstance((short) p.destination().getPort()))
                .srcAddr(p.source().getAddress())
                .dstAddr(p.destination().getAddress())
                .payloadBuilder(new UnknownPacket.Builder().rawData(p.payload().toArray()))
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        return ip(p.source().getAddress(), p.destination().getAddress(), p.id(), IpNumber.UDP, udp);
    }

    /** An IPv4 or IPv6 header (by the source's family) around {@code payload}, lengths and checksum filled in. */
    private static Packet ip(InetAddress source, InetAddress destination, long id, IpNumber protocol,
            Packet.Builder payload) {
        if (source instanceof Inet6Address src) {
            return new IpV6Packet.Builder()
                    .version(IpVersion.IPV6)
                    .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                    .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                    .nextHeader(protocol)
                    .hopLimit((byte) 64)
                    .srcAddr(src)
                    .dstAddr((Inet6Address) destination)
                    .payloadBuilder(payload)
                    .correctLengthAtBuild(true)
                    .build();
        }
        return new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .tos(IpV4Rfc791Tos.newInstance((byte) 0))
                .identification((short) id)
                .ttl((byte) 64)
                .protocol(protocol)
                .srcAddr((Inet4Address) source)
                .dstAddr((Inet4Address) destination)
                .payloadBuilder(payload)
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true)
                .build();
    }

    /** Next sequence number per direction ("src>dst") of the TCP segments written. */
    private final Map<String, Long> tcpSequence = new HashMap<>();

    /**
     * Writes bytes that crossed a TCP connection as one segment (PSH, ACK) with consecutive sequence
     * numbers per direction, so tools (and icelab replay) reassemble the stream; no handshake is invented.
     */
    public void tcpSegment(long timeNanos, String tap, InetSocketAddress source, InetSocketAddress destination,
            byte[] payload) {
        String dir = source + ">" + destination;
        long seq = tcpSequence.getOrDefault(dir, 1L);
        long ack = tcpSequence.getOrDefault(destination + ">" + source, 1L);
        tcpSequence.put(dir, seq + payload.length);
        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcPort(TcpPort.getInstance((short) source.getPort()))
                .dstPort(TcpPort.getInstance((short) destination.getPort()))
                .sequenceNumber((int) seq).acknowledgmentNumber((int) ack).dataOffset((byte) 5)
                .psh(true).ack(true).window((short) 0xffff)
                .srcAddr(source.getAddress()).dstAddr(destination.getAddress())
                .payloadBuilder(new UnknownPacket.Builder().rawData(payload))
                .correctChecksumAtBuild(true).correctLengthAtBuild(true).paddingAtBuild(true);
        dump(timeNanos, tap, ip(source.getAddress(), destination.getAddress(), 0, IpNumber.TCP, tcp));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
