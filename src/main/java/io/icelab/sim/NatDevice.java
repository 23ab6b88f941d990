package io.icelab.sim;

import io.icelab.sim.tcp.TcpDecodeException;
import io.icelab.sim.tcp.TcpSegment;
import io.icelab.stun.Bytes;
import io.icelab.stun.TransportAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A device between a realm ("inside") and its parent ("outside"): a NAT with the behaviours of its
 * {@link NatConfig}, a stateful firewall, a plain router or a UDP blocker. Its WAN side has a link
 * whose two directions can be impaired like any host's.
 */
public final class NatDevice {
    private final Simulation sim;
    private final String name;
    private final NatConfig config;
    private final Realm inside;
    private final Realm outside;
    private final LinkDirection up;
    private final LinkDirection down;
    private final NatTable table;
    /** TCP's own mappings (RFC 5382 §4.1: TCP and UDP ports are mapped independently); made on the first TCP packet. */
    private NatTable tcpTable;
    private NatTcp tcp;

    NatDevice(Simulation sim, String name, NatConfig config, Realm outside, List<InetAddress> externals,
            Impairments wanUp, Impairments wanDown) {
        this.sim = sim;
        this.name = name;
        this.config = config;
        this.outside = outside;
        this.inside = new Realm(sim, name, this);
        this.up = new LinkDirection(name + "/wan-up", wanUp, sim.random("link:" + name + "/wan-up"));
        this.down = new LinkDirection(name + "/wan-down", wanDown, sim.random("link:" + name + "/wan-down"));
        this.table = new NatTable(config, externals, sim.random("nat:" + name));
    }

    public String name() {
        return name;
    }

    public NatConfig config() {
        return config;
    }

    /** The realm behind this device; it has the device's name. */
    public Realm inside() {
        return inside;
    }

    public LinkDirection up() {
        return up;
    }

    public LinkDirection down() {
        return down;
    }

    public List<InetAddress> externalAddresses() {
        return table.externals();
    }

    /** Live mappings now. */
    public int tableSize() {
        return table.size(sim.now()) + (tcpTable == null ? 0 : tcpTable.size(sim.now()));
    }

    /** Live TCP mappings now (RFC 5382: kept apart from UDP's). */
    public int tcpTableSize() {
        return tcpTable == null ? 0 : tcpTable.size(sim.now());
    }

    /** Does the outside realm hand packets for {@code a} to this device? */
    boolean routes(InetAddress a) {
        if (config.mode() == NatConfig.Mode.NAPT) {
            return table.externals().contains(a);
        }
        return inside.reaches(a);
    }

    /** The mappings of the packet's protocol. */
    private NatTable table(SimPacket p) {
        if (p.protocol() != io.icelab.stun.Transport.TCP) {
            return table;
        }
        if (tcpTable == null) {
            tcpTable = new NatTable(config.withLifetime(config.tcp().transitoryNanos(), config.refresh()),
                    table.externals(), sim.random("nat-tcp:" + name));
            tcp = new NatTcp(config.tcp());
        }
        return tcpTable;
    }

    /** A packet from the inside realm heading out. */
    void fromInside(SimPacket p) {
        NatTable table = table(p);
        switch (config.mode()) {
            case UDP_BLOCKED -> {
                if (p.protocol() == io.icelab.stun.Transport.TCP) {
                    sim.transit(up, p, outside::deliver); // the firewall that forces TCP lets TCP through
                } else {
                    sim.drop(name, DropCause.UDP_BLOCKED, p);
                }
            }
            case ROUTER -> sim.transit(up, p, outside::deliver);
            default -> {
                if (config.mode() == NatConfig.Mode.NAPT && table.externals().contains(p.destination().getAddress())) {
                    hairpin(p);
                    return;
                }
                NatTable.Result r = table.outbound(sim.now(), p.source(), p.destination());
                flushLog();
                if (r.drop() != null) {
                    sim.drop(name, r.drop(), p);
                    return;
                }
                if (p.protocol() == io.icelab.stun.Transport.TCP) {
                    tcp.outbound(sim.now(), r.mapping(), p.destination(), segment(p));
                }
                sim.transit(up, p.withSource(r.mapping().external), outside::deliver);
            }
        }
    }

    /** The segment of a TCP packet; the simulator's own TCP only sends valid ones. */
    private static TcpSegment segment(SimPacket p) {
        try {
            return p.segment();
        } catch (TcpDecodeException e) {
            throw new IllegalStateException("NAT got a damaged TCP packet " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * RFC 5382 REQ-4: an unsolicited inbound SYN is dropped; after 6 s, unless an outbound SYN for the same
     * connection was translated meanwhile (a simultaneous open), a NAT set to answer sends a RST.
     */
    private void unsolicitedSyn(SimPacket p, TcpSegment seg) {
        if (config.tcp().unsolicitedSyn() != NatConfig.UnsolicitedSyn.RESET) {
            return;
        }
        long arrived = sim.now();
        sim.at(arrived + NatTcp.UNSOLICITED_SYN_HOLD, name + ": unsolicited SYN", () -> {
            if (tcp.outboundSynSince(p.destination(), p.source(), arrived)) {
                return;
            }
            sim.log(name, "RST for the unsolicited SYN from " + TransportAddresses.format(p.source()));
            sim.transit(up, SimPacket.tcp(sim.nextPacketId(), p.destination(), p.source(), seg.reset()),
                    outside::deliver);
        });
    }

    /** A packet from the outside realm, after the WAN link. */
    void fromOutside(SimPacket p) {
        NatTable table = table(p);
        switch (config.mode()) {
            case UDP_BLOCKED -> {
                if (p.protocol() == io.icelab.stun.Transport.TCP) {
                    inside.deliver(p);
                } else {
                    sim.drop(name, DropCause.UDP_BLOCKED, p);
                }
            }
            case ROUTER -> inside.deliver(p);
            default -> {
                NatTable.Result r = table.inbound(sim.now(), p.destination(), p.source());
                flushLog();
                TcpSegment seg = p.protocol() == io.icelab.stun.Transport.TCP ? segment(p) : null;
                if (r.drop() != null) {
                    sim.drop(name, r.drop(), p);
                    if (seg != null && seg.has(TcpSegment.SYN) && !seg.has(TcpSegment.ACK)) {
                        unsolicitedSyn(p, seg);
                    }
                    return;
                }
                if (seg != null) {
                    tcp.inbound(r.mapping(), p.source(), seg);
                }
                SimPacket in = p.withDestination(r.mapping().internal);
                if (config.alg() && p.protocol() == io.icelab.stun.Transport.UDP) {
                    in = in.withPayload(rewrite(in.payload(), p.destination().getAddress(), r.mapping().internal.getAddress()));
                }
                inside.deliver(in);
            }
        }
    }

    /**
     * RFC 4787 §6: a packet from inside to one of our own external addresses. Translated like any
     * outbound packet, then filtered and delivered as if it had arrived from outside.
     */
    private void hairpin(SimPacket p) {
        NatTable table = table(p);
        if (!config.hairpinning()) {
            sim.drop(name, DropCause.HAIRPIN_DISABLED, p);
            return;
        }
        NatTable.Result out = table.outbound(sim.now(), p.source(), p.destination());
        if (out.drop() != null) {
            flushLog();
            sim.drop(name, out.drop(), p);
            return;
        }
        boolean external = config.hairpinSource() == NatConfig.HairpinSource.EXTERNAL;
        SimPacket translated = external ? p.withSource(out.mapping().external) : p;
        NatTable.Mapping target;
        if (external) {
            NatTable.Result in = table.inbound(sim.now(), p.destination(), translated.source());
            target = in.mapping();
            if (in.drop() != null) {
                flushLog();
                sim.drop(name, in.drop(), p);
                return;
            }
        } else {
            // With the internal source kept, the hairpin is plain LAN forwarding and skips the filter.
            target = table.live(sim.now(), p.destination());
            if (target == null) {
                flushLog();
                sim.drop(name, DropCause.NAT_NO_MAPPING, p);
                return;
            }
        }
        flushLog();
        sim.log(name, "hairpin " + p + " -> " + TransportAddresses.format(target.internal));
        inside.deliver(translated.withDestination(target.internal));
    }

    /** The misbehaving ALG: our public IPv4 address in plain payload bytes becomes the internal one. */
    static Bytes rewrite(Bytes payload, InetAddress external, InetAddress internal) {
        if (!(external instanceof Inet4Address) || !(internal instanceof Inet4Address)) {
            return payload;
        }
        byte[] b = payload.toArray();
        byte[] ext = external.getAddress();
        byte[] in = internal.getAddress();
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == ext[0] && b[i + 1] == ext[1] && b[i + 2] == ext[2] && b[i + 3] == ext[3]) {
                System.arraycopy(in, 0, b, i, 4);
                i += 3;
            }
        }
        return Bytes.wrap(b);
    }

    /** "NAT reboot": every mapping forgotten. */
    public void reboot() {
        table.flush("reboot");
        if (tcpTable != null) {
            tcpTable.flush("reboot");
        }
        flushLog();
    }

    /** The ISP hands out new external addresses; mappings are lost. */
    public void changeExternalAddresses(List<InetAddress> addresses) {
        table.setExternals(addresses);
        if (tcpTable != null) {
            tcpTable.setExternals(addresses);
        }
        flushLog();
    }

    private void flushLog() {
        for (String line : table.drainLog()) {
            sim.log(name, line);
        }
        if (tcpTable != null) {
            for (String line : tcpTable.drainLog()) {
                sim.log(name, "tcp " + line);
            }
        }
    }
}
