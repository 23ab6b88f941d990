package io.icelab.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One NAT's translation decisions without a network: the simulator's {@link NatTable} (RFC 4787 mapping, filtering,
 * port assignment, lifetimes, quotas) offered to drivers outside the simulator, such as a NAT box between real
 * sockets. Sans-IO: the caller says when ({@code now}, any monotonic nanosecond clock) and what crossed; the answer
 * is where it goes, or why it does not. Hairpinning and ALGs are the simulator's {@link NatDevice}'s, not here.
 */
public final class NatTranslator {
    /**
     * Where a packet goes after the NAT, or why it is dropped.
     *
     * @param address the external address an outbound packet leaves from, or the internal one an inbound packet
     *     goes to; null when dropped
     * @param drop why it was dropped; null when it goes through
     * @param created whether an outbound packet made a new mapping
     */
    public record Result(InetSocketAddress address, DropCause drop, boolean created) {
        /**
         * Whether the packet goes through.
         *
         * @return true when it has an address
         */
        public boolean passes() {
            return address != null;
        }
    }

    private final NatTable table;
    private final NatConfig config;

    /**
     * A NAT of this behaviour with these external addresses.
     *
     * @param config the RFC 4787 behaviour; its mode must translate (napt)
     * @param externals the external addresses (port assignment and pooling choose among them)
     * @param random where random ports come from
     */
    public NatTranslator(NatConfig config, List<InetAddress> externals, RandomGenerator random) {
        if (config.mode() != NatConfig.Mode.NAPT) {
            throw new IllegalArgumentException("a translator needs a NAPT, not " + config.mode());
        }
        this.config = config;
        this.table = new NatTable(config, externals, random);
    }

    /**
     * An outbound packet from {@code internal} to {@code remote} (RFC 4787 §4): the mapping it leaves through.
     *
     * @param now the time in nanoseconds
     * @param internal the inside source
     * @param remote the outside destination
     * @return the external address it leaves from, or the drop cause (quota, no free port)
     */
    public Result outbound(long now, InetSocketAddress internal, InetSocketAddress remote) {
        NatTable.Result r = table.outbound(now, internal, remote);
        return new Result(r.mapping() == null ? null : r.mapping().external, r.drop(), r.created());
    }

    /**
     * An inbound packet from {@code remote} to {@code external} (RFC 4787 §5): the inside address, if the mapping
     * lives and its filter admits the sender.
     *
     * @param now the time in nanoseconds
     * @param external the external address it arrived at
     * @param remote its outside source
     * @return the internal address it goes to, or the drop cause (no mapping, filtered)
     */
    public Result inbound(long now, InetSocketAddress external, InetSocketAddress remote) {
        NatTable.Result r = table.inbound(now, external, remote);
        return new Result(r.mapping() == null ? null : r.mapping().internal, r.drop(), false);
    }

    /**
     * How many mappings live now.
     *
     * @param now the time in nanoseconds
     * @return the number of live mappings
     */
    public int mappings(long now) {
        return table.size(now);
    }

    /**
     * What happened to mappings (created, expired, evicted) since the last call, oldest first.
     *
     * @return the messages
     */
    public List<String> drainLog() {
        return table.drainLog();
    }

    /**
     * The behaviour it translates with.
     *
     * @return the configuration
     */
    public NatConfig config() {
        return config;
    }
}
