package io.icelab.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A STUN server, sans-IO (RFC 8489 §6.3): answers Binding requests with XOR-MAPPED-ADDRESS (and
 * MAPPED-ADDRESS for RFC 3489 clients), SOFTWARE and FINGERPRINT. With an alternate address it runs
 * in RFC 5780 mode on four transport addresses (both IPs × both ports) and honours CHANGE-REQUEST,
 * RESPONSE-PORT and PADDING, reporting RESPONSE-ORIGIN and OTHER-ADDRESS.
 * The driver must receive on, and send from, every address of {@link #localAddresses()}.
 */
public final class StunServer implements SansIo<StunServerEvent> {
    static final int MAX_EVENTS = 4096;

    /** {@code alternate} is null outside RFC 5780 mode; {@code authenticator} null for open Binding. */
    public record Config(InetSocketAddress primary, InetSocketAddress alternate, String software,
            RequestAuthenticator authenticator) {
        /**
         * A server on one address, open to every Binding request.
         *
         * @param primary its address
         * @return the settings
         */
        public static Config basic(InetSocketAddress primary) {
            return new Config(primary, null, Version.SOFTWARE, null);
        }

        /**
         * An RFC 5780 server: answers CHANGE-REQUEST from its alternate address and port.
         *
         * @param primary the primary address
         * @param alternate the alternate address, another IP and port
         * @return the settings
         */
        public static Config rfc5780(InetSocketAddress primary, InetSocketAddress alternate) {
            return new Config(primary, alternate, Version.SOFTWARE, null);
        }
    }

    private final Config config;
    private final Integrity integrity = new Integrity();
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<StunServerEvent> events = new ArrayDeque<>();
    private long droppedEvents;

    /**
     * A server that has answered nothing yet.
     *
     * @param config the settings
     */
    public StunServer(Config config) {
        this.config = config;
    }

    /**
     * Whether it runs RFC 5780 behaviour discovery.
     *
     * @return true with an alternate address
     */
    public boolean isRfc5780() {
        return config.alternate() != null;
    }

    /**
     * Every transport address the server answers on, primary first.
     *
     * @return the addresses
     */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        out.add(config.primary());
        if (config.alternate() != null) {
            InetAddress ip1 = config.primary().getAddress();
            InetAddress ip2 = config.alternate().getAddress();
            int p1 = config.primary().getPort();
            int p2 = config.alternate().getPort();
            addUnique(out, new InetSocketAddress(ip1, p2));
            addUnique(out, new InetSocketAddress(ip2, p1));
            addUnique(out, new InetSocketAddress(ip2, p2));
        }
        return out;
    }

    private static void addUnique(List<InetSocketAddress> list, InetSocketAddress a) {
        if (!list.contains(a)) {
            list.add(a);
        }
    }

    @Override
    public boolean accepts(Datagram d) {
        return d.payload().length() >= StunMessage.HEADER_LENGTH && (d.payload().get(0) & 0xc0) == 0;
    }

    @Override
    public void handleDatagram(long nowNanos, Datagram d) {
        StunMessage request;
        try {
            request = StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            event(new StunServerEvent.Dropped(d.remote(), e.getMessage()));
            return;
        }
        if (!request.isRequest()) {
            event(new StunServerEvent.Dropped(d.remote(), "not a request: " + request.messageClass()));
            return;
        }
        if (request.fingerprintStatus() == StunMessage.FingerprintStatus.INVALID) {
            event(new StunServerEvent.Dropped(d.remote(), "FINGERPRINT does not match"));
            return;
        }
        Answer a = answer(nowNanos, d, request);
        StunMessageBuilder response = a.response();
        if (config.software() != null) {
            response.add(CoreAttribute.Software.of(config.software()));
        }
        if (a.key() != null) {
            if (a.sha256()) {
                response.integritySha256(a.key());
            } else {
                response.integrity(a.key());
            }
        }
        if (!request.isClassic()) {
            response.fingerprint();
        }
        byte[] out = new byte[response.encodedLength()];
        response.encodeInto(out, 0, integrity);
        transmits.add(new Datagram(d.transport(), a.from(), a.to(), Bytes.wrap(out)));
        event(new StunServerEvent.Answered(d.remote(), request.method(), a.code(), a.from()));
    }

    /** An answer before SOFTWARE, integrity and FINGERPRINT: its body, code (0: success), key and addresses. */
    private record Answer(StunMessageBuilder response, int code, byte[] key, boolean sha256, InetSocketAddress from,
            InetSocketAddress to) {
    }

    /** RFC 8489 §6.3: 420 for unknown comprehension-required attributes, 400 or 401 on refusal, else the Binding. */
    private Answer answer(long nowNanos, Datagram d, StunMessage request) {
        List<Integer> unknown = unknownFor(request);
        if (!unknown.isEmpty()) {
            return refused(d, StunMessageBuilder.errorFor(request, 420, "Unknown Attribute")
                    .add(new CoreAttribute.UnknownAttributes(unknown)), 420);
        }
        if (!request.method().equals(Method.BINDING)) {
            return refused(d, StunMessageBuilder.errorFor(request, 400, "Bad Request: only Binding is served here"), 400);
        }
        if (isRfc5780() && request.has(NatBehaviorAttribute.ResponsePort.class)
                && request.has(NatBehaviorAttribute.Padding.class)) {
            // RFC 5780 §6.1, §7.5: padded answers sent to another port would make the server an amplifier
            return refused(d, StunMessageBuilder.errorFor(request, 400, "Bad Request: RESPONSE-PORT with PADDING"), 400);
        }
        AuthResult auth = config.authenticator() == null ? null : config.authenticator().authenticate(nowNanos, request);
        if (auth instanceof AuthResult.Rejected rejected) {
            return refused(d, rejected.response(request), rejected.code());
        }
        AuthResult.Accepted ok = auth instanceof AuthResult.Accepted a ? a : null;
        InetSocketAddress from = responseSource(request, d.local());
        return new Answer(binding(request, d.remote(), from), 0, ok == null ? null : ok.key(), ok != null && ok.sha256(),
                from, responseDestination(request, d.remote()));
    }

    private static Answer refused(Datagram d, StunMessageBuilder response, int code) {
        return new Answer(response, code, null, false, d.local(), d.remote());
    }

    /**
     * Comprehension-required attributes we cannot honour: the decoder's unknown ones, plus the RFC 5780
     * ones when not in RFC 5780 mode (RFC 5780 §6.1: answer 420 then).
     */
    private List<Integer> unknownFor(StunMessage request) {
        List<Integer> unknown = new ArrayList<>(request.unknownComprehensionRequired());
        if (!isRfc5780()) {
            if (request.has(NatBehaviorAttribute.ChangeRequest.class)) {
                unknown.add(AttributeType.CHANGE_REQUEST);
            }
            if (request.has(NatBehaviorAttribute.ResponsePort.class)) {
                unknown.add(AttributeType.RESPONSE_PORT);
            }
        }
        return unknown;
    }

    private StunMessageBuilder binding(StunMessage request, InetSocketAddress client, InetSocketAddress from) {
        StunMessageBuilder b = StunMessageBuilder.successFor(request);
        if (request.isClassic()) {
            // RFC 3489 §11.2.1: MAPPED-ADDRESS, SOURCE-ADDRESS and CHANGED-ADDRESS.
            b.add(new CoreAttribute.MappedAddress(client));
            if (isRfc5780()) {
                b.add(new CoreAttribute.SourceAddress(from)).add(new CoreAttribute.ChangedAddress(otherAddress(from)));
            }
            return b;
        }
        b.add(new CoreAttribute.XorMappedAddress(client));
        if (isRfc5780()) {
            // RFC 5780 §6.1: MAPPED-ADDRESS beside XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS in every
            // response.
            b.add(new CoreAttribute.MappedAddress(client));
            b.add(new NatBehaviorAttribute.ResponseOrigin(from)).add(new NatBehaviorAttribute.OtherAddress(otherAddress(from)));
            NatBehaviorAttribute.Padding padding = request.attribute(NatBehaviorAttribute.Padding.class);
            if (padding != null) {
                b.add(NatBehaviorAttribute.Padding.ofLength(padding.valueLength()));
            }
        }
        return b;
    }

    /** RFC 5780 §7.4: the address that differs from {@code from} in both IP and port. */
    private InetSocketAddress otherAddress(InetSocketAddress from) {
        InetSocketAddress p = config.primary();
        InetSocketAddress a = config.alternate();
        InetAddress ip = from.getAddress().equals(p.getAddress()) ? a.getAddress() : p.getAddress();
        int port = from.getPort() == p.getPort() ? a.getPort() : p.getPort();
        return new InetSocketAddress(ip, port);
    }

    /** RFC 5780 §6.1: CHANGE-REQUEST selects the other IP and/or the other port as the source. */
    private InetSocketAddress responseSource(StunMessage request, InetSocketAddress arrivedOn) {
        NatBehaviorAttribute.ChangeRequest change = request.attribute(NatBehaviorAttribute.ChangeRequest.class);
        if (!isRfc5780() || change == null) {
            return arrivedOn;
        }
        InetSocketAddress other = otherAddress(arrivedOn);
        InetAddress ip = change.changeIp() ? other.getAddress() : arrivedOn.getAddress();
        int port = change.changePort() ? other.getPort() : arrivedOn.getPort();
        return new InetSocketAddress(ip, port);
    }

    /** RFC 5780 §7.5: RESPONSE-PORT replaces the destination port. */
    private InetSocketAddress responseDestination(StunMessage request, InetSocketAddress client) {
        NatBehaviorAttribute.ResponsePort rp = request.attribute(NatBehaviorAttribute.ResponsePort.class);
        return isRfc5780() && rp != null ? new InetSocketAddress(client.getAddress(), rp.port()) : client;
    }

    private void event(StunServerEvent e) {
        if (events.size() < MAX_EVENTS) {
            events.add(e);
        } else {
            droppedEvents++;
        }
    }

    /**
     * Events not queued because the application did not poll them (bounded queue).
     *
     * @return how many so far
     */
    public long droppedEvents() {
        return droppedEvents;
    }

    @Override
    public Datagram pollTransmit(long nowNanos) {
        return transmits.poll();
    }

    @Override
    public StunServerEvent pollEvent() {
        return events.poll();
    }
}
