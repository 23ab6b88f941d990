package io.icelab.sim;

import io.icelab.stun.TransportAddresses;
import java.net.InetAddress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A message ladder as a self-contained SVG: one lane per IP address in order of appearance, one arrow
 * per packet with its time, realm and label. A packet crossing a NAT shows up again with its translated
 * addresses on the next realm, so NAT translations are visible as they happen.
 */
public final class LadderDiagram {
    /** One arrow: when (ns from the start), where it was seen (realm, transport), from, to, and its label. */
    public record Arrow(long timeNanos, String where, java.net.InetSocketAddress source,
            java.net.InetSocketAddress destination, String label) {
    }

    static final int LANE = 170;
    static final int ROW = 22;
    static final int TOP = 60;
    static final int MAX_ROWS = 400;

    private LadderDiagram() {
    }

    /** Arrows for simulator packets, labelled from their payload. */
    public static Arrow arrow(long timeNanos, String realm, SimPacket p) {
        if (p.protocol() == io.icelab.stun.Transport.TCP) {
            return new Arrow(timeNanos, realm, p.source(), p.destination(), tcpLabel(p));
        }
        return new Arrow(timeNanos, realm, p.source(), p.destination(), PacketLabel.of(p.payload()));
    }

    /** "TCP SYN", "TCP ACK 120 B": the control bits and the data length. */
    private static String tcpLabel(SimPacket p) {
        try {
            io.icelab.sim.tcp.TcpSegment seg = io.icelab.sim.tcp.TcpSegment.decode(p.payload(), p.source().getAddress(),
                    p.destination().getAddress());
            String flags = io.icelab.sim.tcp.TcpSegment.flagNames(seg.flags() & ~io.icelab.sim.tcp.TcpSegment.PSH);
            String b = flags.isEmpty() ? "TCP" : "TCP " + flags;
            int len = seg.payload().length();
            return len > 0 ? b + " " + len + " B" : b;
        } catch (io.icelab.sim.tcp.TcpDecodeException e) {
            return "TCP (damaged)";
        }
    }

    public static String svg(List<Arrow> packets, Map<InetAddress, String> names) {
        Map<InetAddress, Integer> lanes = new LinkedHashMap<>();
        List<Arrow> shown = packets.size() > MAX_ROWS ? packets.subList(0, MAX_ROWS) : packets;
        for (Arrow c : shown) {
            lanes.putIfAbsent(c.source().getAddress(), lanes.size());
            lanes.putIfAbsent(c.destination().getAddress(), lanes.size());
        }
        int width = 220 + LANE * Math.max(1, lanes.size());
        int height = TOP + ROW * (shown.size() + 2);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"monospace\" font-size=\"11\">%n", width, height));
        sb.append("<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"3\" orient=\"auto\">"
                + "<path d=\"M0,0 L0,6 L7,3 z\" fill=\"#333\"/></marker></defs>\n");
        for (Map.Entry<InetAddress, Integer> e : lanes.entrySet()) {
            int x = x(e.getValue());
            String ip = TransportAddresses.ip(e.getKey());
            String name = names.getOrDefault(e.getKey(), "");
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                    x, esc(name)));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"36\" text-anchor=\"middle\">%s</text>%n", x, esc(ip)));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"44\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\"/>%n",
                    x, x, height - 10));
        }
        int row = 0;
        for (Arrow c : shown) {
            int y = TOP + ROW * row++;
            int x1 = x(lanes.get(c.source().getAddress()));
            int x2 = x(lanes.get(c.destination().getAddress()));
            String label = c.label() + "  " + c.source().getPort() + "→" + c.destination().getPort();
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" fill=\"#666\">%s s [%s]</text>%n", y + 4,
                    SimTime.format(c.timeNanos()).substring(0, Math.min(11, SimTime.format(c.timeNanos()).length())),
                    esc(c.where())));
            if (x1 == x2) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\"/>%n", x1, y));
            } else {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
                        + "marker-end=\"url(#a)\"/>%n", x1, y, x2, y));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    (x1 + x2) / 2, y - 3, esc(label)));
        }
        if (packets.size() > MAX_ROWS) {
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">… %d more packets in the pcap</text>%n",
                    TOP + ROW * row + 4, packets.size() - MAX_ROWS));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int x(int lane) {
        return 220 + LANE * lane;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
