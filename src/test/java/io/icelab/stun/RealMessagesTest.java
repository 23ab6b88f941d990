package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icelab.stun.StunDecodeException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages captured from real stacks (browsers, coturn, Acme Packet, ...) in the shared corpus. */
class RealMessagesTest {

    @Test
    void browserBindingRequests_fromPionCsv_allDecode() throws Exception {
        List<String> lines = Files.readAllLines(SharedCorpus.require("raw/pion-stun__frombrowsers.csv"));
        int decoded = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("ip,")) {
                continue;
            }
            String[] cols = line.split(",");
            StunMessage m = StunDecoder.decode(Base64.getDecoder().decode(cols[1]));
            assertThat(m.is(MessageClass.REQUEST, Method.BINDING)).as(line).isTrue();
            assertThat(m.fingerprintStatus()).as(line).isNotEqualTo(StunMessage.FingerprintStatus.INVALID);
            if (cols[3].equals("Firefox")) {
                assertThat(m.fingerprintStatus()).as(line).isEqualTo(StunMessage.FingerprintStatus.VALID);
            }
            decoded++;
        }
        assertThat(decoded).isEqualTo(14);
    }

    @Test
    void chromeRequestWithOrigin_keepsTheUnknownAttribute() throws Exception {
        StunMessage m = StunDecoder.decode(Files.readAllBytes(SharedCorpus.require("raw/pion-stun__ex1_chrome.stun")));
        UnknownAttribute origin = m.attribute(UnknownAttribute.class);
        assertThat(origin.type()).isEqualTo(0x802f);
        assertThat(origin.value().utf8()).isEqualTo("http://localhost:3000/");
        assertThat(m.unknownComprehensionRequired()).isEmpty();
    }

    @Test
    void chromeIceCheck_fromMercury() throws Exception {
        StunMessage m = StunDecoder.decode(Files.readAllBytes(SharedCorpus.require("raw/mercury__fuzz_stun_seed_1.bin")));
        assertThat(m.attribute(CoreAttribute.Username.class).text()).isEqualTo("Tw5XmGABTU55u6F2:31e58bb6");
        assertThat(m.has(IceAttribute.UseCandidate.class)).isTrue();
        assertThat(m.attribute(IceAttribute.Priority.class).priority()).isEqualTo(1853817087L);
        assertThat(m.attribute(IceAttribute.IceControlling.class).tieBreaker()).isEqualTo(0x9e681f4a7b38b1ccL);
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
    }

    @Test
    void chromeCoturnAllocateExchange_decodesAllFour() throws Exception {
        List<String> lines = Files.readAllLines(SharedCorpus.require("raw/pion-turn__01_chromeallocreq.hex"));
        List<StunMessage> msgs = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                msgs.add(StunDecoder.decode(Bytes.fromHex(l.strip()).toArray()));
            }
        }
        assertThat(msgs).hasSize(4);
        assertThat(msgs.get(0).attribute(TurnAttribute.RequestedTransport.class).protocol()).isEqualTo(17);
        assertThat(msgs.get(1).errorCode()).isEqualTo(401);
        assertThat(msgs.get(1).attribute(CoreAttribute.Realm.class).text()).isEqualTo("a1.cydev.ru");
        assertThat(msgs.get(1).attribute(CoreAttribute.Nonce.class).text()).isEqualTo("5a0209b5cb806106");
        assertThat(msgs.get(2).attribute(CoreAttribute.Username.class).text()).isEqualTo("ernado");
        assertThat(msgs.get(2).has(CoreAttribute.MessageIntegrity.class)).isTrue();
        StunMessage ok = msgs.get(3);
        assertThat(ok.is(MessageClass.SUCCESS_RESPONSE, Method.ALLOCATE)).isTrue();
        assertThat(ok.attribute(TurnAttribute.XorRelayedAddress.class).address())
                .isEqualTo(new InetSocketAddress("10.8.22.83", 55936));
        assertThat(ok.attribute(CoreAttribute.XorMappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("213.141.156.236", 36000));
        assertThat(ok.attribute(TurnAttribute.Lifetime.class).seconds()).isEqualTo(600);
    }

    @Test
    void chromeChannelData_carriesAnIceCheckWithValidFingerprint() throws Exception {
        List<String> lines = Files.readAllLines(SharedCorpus.require("raw/pion-turn__02_chandata.hex"));
        byte[] frame = Bytes.fromHex(lines.get(0).strip()).toArray();
        assertThat(PacketKind.classify(frame[0])).isEqualTo(PacketKind.CHANNEL_DATA);
        int length = (frame[2] & 0xff) << 8 | (frame[3] & 0xff);
        StunMessage inner = StunDecoder.decode(frame, 4, length);
        assertThat(inner.attribute(CoreAttribute.Username.class).text()).isEqualTo("D7X4:3wlY");
        assertThat(inner.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        byte[] dtls = Bytes.fromHex(lines.get(1).strip()).toArray();
        assertThat(PacketKind.classify(dtls[4])).isEqualTo(PacketKind.DTLS);
    }

    @Test
    void zeekAttributeLengthFFFF_isRejectedAsOverrun() throws Exception {
        List<TinyPcap.UdpPacket> packets = TinyPcap.udp(
                SharedCorpus.require("zeek-spicy-stun__stun-attribute-length-ffff.pcap"));
        assertThat(packets).hasSize(2);
        assertThat(StunDecoder.decode(packets.get(0).payload()).isRequest()).isTrue();
        StunDecodeException e = catchThrowableOfType(StunDecodeException.class,
                () -> StunDecoder.decode(packets.get(1).payload()));
        assertThat(e.reason()).isEqualTo(Reason.ATTRIBUTE_OVERRUN);
        assertThat(e.attributeType()).isEqualTo(AttributeType.MAPPED_ADDRESS);
        assertThat(e.offset()).isEqualTo(20);
        assertThat(e.getMessage()).contains("MAPPED-ADDRESS").contains("65535");
    }

    @Test
    void zeekMalformedErrorCode_isRejectedAsBadLength() throws Exception {
        List<TinyPcap.UdpPacket> packets = TinyPcap.udp(SharedCorpus.require("zeek-spicy-stun__stun-malformed-error.pcap"));
        assertThat(packets).hasSize(2);
        StunMessage check = StunDecoder.decode(packets.get(0).payload());
        assertThat(check.has(IceAttribute.IceControlled.class)).isTrue();
        StunDecodeException e = catchThrowableOfType(StunDecodeException.class,
                () -> StunDecoder.decode(packets.get(1).payload()));
        assertThat(e.reason()).isIn(Reason.BAD_ATTRIBUTE_LENGTH, Reason.ATTRIBUTE_OVERRUN);
        assertThat(e.attributeType()).isEqualTo(AttributeType.ERROR_CODE);
    }

    /** Robustness over the whole corpus: every UDP payload that RFC 7983 calls STUN decodes or fails typed. */
    @Test
    void everyStunLookingPayloadInTheCorpus_decodesOrFailsTyped() throws IOException {
        Path root = SharedCorpus.require("INDEX.md").getParent();
        int files = 0;
        int decoded = 0;
        int rejected = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root, "*.pcap")) {
            for (Path f : dir) {
                List<TinyPcap.UdpPacket> packets = TinyPcap.udp(f);
                if (packets == null) {
                    continue;
                }
                files++;
                for (TinyPcap.UdpPacket p : packets) {
                    if (p.payload().length == 0 || PacketKind.classify(p.payload()[0]) != PacketKind.STUN) {
                        continue;
                    }
                    try {
                        StunDecoder.decode(p.payload());
                        decoded++;
                    } catch (StunDecodeException e) {
                        rejected++;
                        assertThat(e.reason()).as("%s frame %d", f.getFileName(), p.frame()).isNotNull();
                    }
                }
            }
        }
        // Measured on the corpus of 2026-11: 354 decode; the ~190 rejections are WhatsApp's and Zoom's
        // proprietary STUN look-alikes, MS-TURN's 0x0008 dialect and the two Zeek files that are malformed on purpose.
        assertThat(files).isGreaterThanOrEqualTo(15);
        assertThat(decoded).isGreaterThan(300);
        assertThat(rejected).isLessThan(decoded);
    }

    @Test
    void acmePacketIceTestCall_all108StunFramesDecode_asTheCorpusIndexSays() throws Exception {
        List<TinyPcap.UdpPacket> packets = TinyPcap.udp(SharedCorpus.require("zeek-spicy-stun__stun-ice-testcall.pcap"));
        int requests = 0;
        int success = 0;
        int errors = 0;
        for (TinyPcap.UdpPacket p : packets) {
            StunMessage m = StunDecoder.decode(p.payload());
            switch (m.messageClass()) {
                case REQUEST -> requests++;
                case SUCCESS_RESPONSE -> success++;
                case ERROR_RESPONSE -> errors++;
                default -> { }
            }
        }
        // INDEX.md: Binding Request 53; Binding Success 48; Binding Error 7.
        assertThat(new int[] {requests, success, errors}).containsExactly(53, 48, 7);
    }
}
