package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sans-IO STUN server (RFC 8489 §6.3, RFC 5780 §6.1, RFC 3489 compatibility). */
class StunServerTest {
    static final InetSocketAddress PRIMARY = new InetSocketAddress("192.0.2.1", 3478);
    static final InetSocketAddress ALTERNATE = new InetSocketAddress("192.0.2.2", 3479);
    static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 40000);

    static Datagram ask(StunServer s, InetSocketAddress arrivedOn, StunMessageBuilder request) {
        s.handleDatagram(0, Datagram.udp(arrivedOn, CLIENT, request.encode()));
        return s.pollTransmit(0);
    }

    static StunMessageBuilder binding() {
        return StunMessageBuilder.request(Method.BINDING, new TransactionId(0x1234, 0x5678));
    }

    @Test
    void binding_answersXorMappedAddress_softwareAndFingerprint() {
        StunServer s = new StunServer(StunServer.Config.basic(PRIMARY));
        Datagram out = ask(s, PRIMARY, binding().fingerprint());
        assertThat(out.local()).isEqualTo(PRIMARY);
        assertThat(out.remote()).isEqualTo(CLIENT);
        StunMessage m = Wire.decode(out);
        assertThat(m.is(MessageClass.SUCCESS_RESPONSE, Method.BINDING)).isTrue();
        assertThat(m.transactionId()).isEqualTo(new TransactionId(0x1234, 0x5678));
        assertThat(m.attribute(CoreAttribute.XorMappedAddress.class).address()).isEqualTo(CLIENT);
        assertThat(m.has(CoreAttribute.MappedAddress.class)).isFalse();
        assertThat(m.attribute(CoreAttribute.Software.class).text()).isEqualTo("icelab " + io.icelab.stun.Version.VERSION);
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        assertThat(Wire.events(s)).containsExactly(new StunServerEvent.Answered(CLIENT, Method.BINDING, 0, PRIMARY));
    }

    @Test
    void classicRfc3489Request_getsMappedAddress_andItsOwn128BitId() {
        StunServer s = new StunServer(StunServer.Config.basic(PRIMARY));
        byte[] classic = binding().cookie(0x01020304).encode();
        s.handleDatagram(0, Datagram.udp(PRIMARY, CLIENT, classic));
        StunMessage m = Wire.decode(s.pollTransmit(0));
        assertThat(m.isClassic()).isTrue();
        assertThat(m.cookie()).isEqualTo(0x01020304);
        assertThat(m.attribute(CoreAttribute.MappedAddress.class).address()).isEqualTo(CLIENT);
        assertThat(m.has(CoreAttribute.XorMappedAddress.class)).isFalse();
        assertThat(m.has(CoreAttribute.Fingerprint.class)).isFalse();
    }

    @Test
    void unknownComprehensionRequiredAttribute_gets420ListingIt() {
        StunServer s = new StunServer(StunServer.Config.basic(PRIMARY));
        StunMessage m = Wire.decode(ask(s, PRIMARY, binding()
                .add(new UnknownAttribute(0x7ff0, Bytes.EMPTY)).add(new UnknownAttribute(0xfff0, Bytes.EMPTY))));
        assertThat(m.errorCode()).isEqualTo(420);
        assertThat(m.attribute(CoreAttribute.UnknownAttributes.class).types()).containsExactly(0x7ff0);
    }

    @Test
    void changeRequestWithoutRfc5780Mode_gets420() {
        StunServer s = new StunServer(StunServer.Config.basic(PRIMARY));
        StunMessage m = Wire.decode(ask(s, PRIMARY, binding().add(new NatBehaviorAttribute.ChangeRequest(true, true))));
        assertThat(m.errorCode()).isEqualTo(420);
        assertThat(m.attribute(CoreAttribute.UnknownAttributes.class).types()).containsExactly(AttributeType.CHANGE_REQUEST);
    }

    @Test
    void otherMethods_get400_indicationsAndGarbageAreDroppedWithAReason() {
        StunServer s = new StunServer(StunServer.Config.basic(PRIMARY));
        assertThat(Wire.decode(ask(s, PRIMARY, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 1))))
                .errorCode()).isEqualTo(400);
        Wire.events(s);
        s.handleDatagram(0, Datagram.udp(PRIMARY, CLIENT,
                StunMessageBuilder.indication(Method.BINDING, new TransactionId(1, 2)).encode()));
        s.handleDatagram(0, Datagram.udp(PRIMARY, CLIENT, new byte[] {0, 1, 0, 0}));
        assertThat(s.pollTransmit(0)).isNull();
        List<StunServerEvent> events = Wire.events(s);
        assertThat(events).hasSize(2);
        assertThat(((StunServerEvent.Dropped) events.get(0)).reason()).contains("not a request");
        assertThat(((StunServerEvent.Dropped) events.get(1)).reason()).startsWith("TOO_SHORT at offset 4");
    }

    @Test
    void rfc5780_listensOnFourAddresses_andReportsOriginAndOther() {
        StunServer s = new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE));
        assertThat(s.localAddresses()).containsExactly(PRIMARY, new InetSocketAddress("192.0.2.1", 3479),
                new InetSocketAddress("192.0.2.2", 3478), ALTERNATE);
        StunMessage m = Wire.decode(ask(s, PRIMARY, binding()));
        assertThat(m.attribute(NatBehaviorAttribute.ResponseOrigin.class).address()).isEqualTo(PRIMARY);
        assertThat(m.attribute(NatBehaviorAttribute.OtherAddress.class).address()).isEqualTo(ALTERNATE);
    }

    @Test
    void rfc5780_changeRequest_picksTheSourceAddress() {
        StunServer s = new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE));
        Map<NatBehaviorAttribute.ChangeRequest, InetSocketAddress> want = Map.of(
                new NatBehaviorAttribute.ChangeRequest(true, true), ALTERNATE,
                new NatBehaviorAttribute.ChangeRequest(false, true), new InetSocketAddress("192.0.2.1", 3479),
                new NatBehaviorAttribute.ChangeRequest(true, false), new InetSocketAddress("192.0.2.2", 3478),
                new NatBehaviorAttribute.ChangeRequest(false, false), PRIMARY);
        for (Map.Entry<NatBehaviorAttribute.ChangeRequest, InetSocketAddress> e : want.entrySet()) {
            Datagram out = ask(s, PRIMARY, binding().add(e.getKey()));
            assertThat(out.local()).as(e.getKey().toString()).isEqualTo(e.getValue());
            assertThat(Wire.decode(out).attribute(NatBehaviorAttribute.ResponseOrigin.class).address())
                    .isEqualTo(e.getValue());
        }
        // Asked on the alternate address, "change IP and port" answers from the primary one.
        Datagram back = ask(s, ALTERNATE, binding().add(new NatBehaviorAttribute.ChangeRequest(true, true)));
        assertThat(back.local()).isEqualTo(PRIMARY);
    }

    @Test
    void rfc5780_paddingNeverTakesTheAnswerPast64KiB() {
        StunServer s = new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE));
        Datagram out = ask(s, PRIMARY, binding().add(NatBehaviorAttribute.Padding.ofLength(65_400)));
        // RFC 5780 §7.6: PADDING never brings the IP datagram past 64 KiB (IPv4 20 + UDP 8 bytes of headers)
        assertThat(out.payload().length()).isLessThanOrEqualTo(65_535 - 28);
        StunMessage m = Wire.decode(out);
        assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        assertThat(m.attribute(NatBehaviorAttribute.Padding.class).valueLength()).as("padded, up to the limit")
                .isGreaterThan(60_000);
    }

    @Test
    void rfc5780_responsePort_padding_andNeverBoth() {
        StunServer s = new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE));
        Datagram out = ask(s, PRIMARY, binding().add(new NatBehaviorAttribute.ResponsePort(41000)));
        assertThat(out.remote()).isEqualTo(new InetSocketAddress(CLIENT.getAddress(), 41000));
        Datagram padded = ask(s, PRIMARY, binding().add(NatBehaviorAttribute.Padding.ofLength(1000)));
        assertThat(Wire.decode(padded).attribute(NatBehaviorAttribute.Padding.class).valueLength()).isEqualTo(1000);
        assertThat(padded.payload().length()).isGreaterThan(1000);
        // RFC 5780 §6.1/§7.5: both together would send a padded answer to another port: 400, to the source
        Datagram both = ask(s, PRIMARY, binding().add(new NatBehaviorAttribute.ResponsePort(41000))
                .add(NatBehaviorAttribute.Padding.ofLength(1000)));
        assertThat(Wire.decode(both).errorCode()).isEqualTo(400);
        assertThat(both.remote()).isEqualTo(CLIENT);
        assertThat(both.payload().length()).isLessThan(200);
    }

    @Test
    void shortTermAuthentication_400WhenMissing_401WhenWrong_integrityOnSuccess() {
        ShortTermAuthenticator auth = new ShortTermAuthenticator(u -> u.equals("ufrag:peer") ? "pwd-of-ice" : null);
        StunServer s = new StunServer(new StunServer.Config(PRIMARY, null, null, RequestAuthenticator.shortTerm(auth)));
        assertThat(Wire.decode(ask(s, PRIMARY, binding())).errorCode()).isEqualTo(400);
        assertThat(Wire.decode(ask(s, PRIMARY, binding().add(CoreAttribute.Username.of("ufrag:peer"))
                .integrity(StunKeys.shortTerm("nope")))).errorCode()).isEqualTo(401);
        assertThat(Wire.decode(ask(s, PRIMARY, binding().add(CoreAttribute.Username.of("who:else"))
                .integrity(StunKeys.shortTerm("pwd-of-ice")))).errorCode()).isEqualTo(401);
        StunMessage ok = Wire.decode(ask(s, PRIMARY, binding().add(CoreAttribute.Username.of("ufrag:peer"))
                .integrity(StunKeys.shortTerm("pwd-of-ice"))));
        assertThat(ok.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
        assertThat(new Integrity().verify(ok, StunKeys.shortTerm("pwd-of-ice"))).isEqualTo(Integrity.Status.VALID);
    }
}
