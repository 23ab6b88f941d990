package io.icelab.sim;

import java.net.InetAddress;

/** A host's attachment to a realm: its address there and the two directions of its access link. */
public final class Interface {
    private final Host host;
    private final Realm realm;
    private final InetAddress address;
    private final LinkDirection up;
    private final LinkDirection down;

    Interface(Host host, Realm realm, InetAddress address, LinkDirection up, LinkDirection down) {
        this.host = host;
        this.realm = realm;
        this.address = address;
        this.up = up;
        this.down = down;
    }

    public Host host() {
        return host;
    }

    public Realm realm() {
        return realm;
    }

    public InetAddress address() {
        return address;
    }

    /** Host → realm. */
    public LinkDirection up() {
        return up;
    }

    /** Realm → host. */
    public LinkDirection down() {
        return down;
    }
}
