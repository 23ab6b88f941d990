package io.icelab.sim;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Set;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.UdpPort;

/**
 * Writes what the simulation's taps see to a nanosecond pcap file (link type raw IP) through pcap4j:
 * real IPv4/IPv6 and UDP headers with valid checksums, virtual timestamps from {@link SimTime#CAPTURE_EPOCH_SECONDS}.
 * A packet that crosses several realms appears once per realm, with the addresses it has there.
 */
public final class PcapCapture implements PacketCapture, AutoCloseable {
    private final PcapHandle handle;
    private final PcapDumper dumper;
    private final Set<String> taps;
    private long written;

    /** Captures the realms named in {@code taps}, or every realm when it is empty. */
    public PcapCapture(Path file, Set<String> taps) throws PcapNativeException, NotOpenException {
        this.handle = Pcaps.openDead(DataLinkType.RAW, 65_536, PcapHandle.TimestampPrecision.NANO);
        this.dumper = handle.dumpOpen(file.toString());
        this.taps = Set.copyOf(taps);
    }

    public PcapCapture(Path file) throws PcapNativeException, NotOpenException {
        this(file, Set.of());
    }

    public long written() {
        return written;
    }

    @Override
    public void packet(long timeNanos, String tap, SimPacket p) {
        if (!taps.isEmpty() && !taps.contains(tap)) {
            return;
        }
        dump(timeNanos, ipPacket(p));
    }

    private void dump(long timeNanos, Packet packet) {
        Timestamp ts = new Timestamp((SimTime.CAPTURE_EPOCH_SECONDS + timeNanos / SimTime.S) * 1000);
        ts.setNanos((int) (timeNanos % SimTime.S));
        try {
            dumper.dump(packet, ts);
            written++;
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture already closed", e);
        }
    }

    static Packet ipPacket(SimPacket p) {
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
    private static Packet ip(java.net.InetAddress source, java.net.InetAddress destination, long id, IpNumber protocol,
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
    private final java.util.Map<String, Long> tcpSequence = new java.util.HashMap<>();

    /**
     * Writes bytes that crossed a TCP connection as one segment (PSH, ACK) with consecutive sequence
     * numbers per direction, so tools (and icelab replay) reassemble the stream; no handshake is invented.
     */
    public void tcpSegment(long timeNanos, java.net.InetSocketAddress source, java.net.InetSocketAddress destination,
            byte[] payload) {
        String dir = source + ">" + destination;
        long seq = tcpSequence.getOrDefault(dir, 1L);
        long ack = tcpSequence.getOrDefault(destination + ">" + source, 1L);
        tcpSequence.put(dir, seq + payload.length);
        org.pcap4j.packet.TcpPacket.Builder tcp = new org.pcap4j.packet.TcpPacket.Builder()
                .srcPort(org.pcap4j.packet.namednumber.TcpPort.getInstance((short) source.getPort()))
                .dstPort(org.pcap4j.packet.namednumber.TcpPort.getInstance((short) destination.getPort()))
                .sequenceNumber((int) seq).acknowledgmentNumber((int) ack).dataOffset((byte) 5)
                .psh(true).ack(true).window((short) 0xffff)
                .srcAddr(source.getAddress()).dstAddr(destination.getAddress())
                .payloadBuilder(new UnknownPacket.Builder().rawData(payload))
                .correctChecksumAtBuild(true).correctLengthAtBuild(true).paddingAtBuild(true);
        dump(timeNanos, ip(source.getAddress(), destination.getAddress(), 0, IpNumber.TCP, tcp));
    }

    @Override
    public void close() {
        dumper.close();
        handle.close();
    }
}
