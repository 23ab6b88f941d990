package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icelab.stun.StunDecodeException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vectors collected in {@code ../shared/captures/public/vectors.md}, read in place: RFC 8489 B.1
 * (as corrected by erratum 6268, and the inconsistent printed one), and the libwebrtc and libnice
 * tables. The expectation for each named vector is written here.
 */
class SharedVectorsTest {
    static String text;
    static Map<String, String> table;

    @BeforeAll
    static void read() throws IOException {
        text = Files.readString(SharedCorpus.require("vectors.md"));
        table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| (\\w+)(?: \\([^)]*\\))? \\| `([0-9a-fA-F ]+)` \\|", Pattern.MULTILINE).matcher(text);
        while (row.find()) {
            table.put(row.group(1), row.group(2).replace(" ", ""));
        }
    }

    /** The first fenced hex block after a heading that starts with {@code heading}. */
    static byte[] block(String heading) {
        int at = text.indexOf(heading);
        assertThat(at).as("heading %s in vectors.md", heading).isGreaterThanOrEqualTo(0);
        int open = text.indexOf("```", at);
        int close = text.indexOf("```", open + 3);
        return Bytes.fromHex(text.substring(open + 3, close)).toArray();
    }

    static byte[] row(String name) {
        assertThat(table).as("vectors.md table").containsKey(name);
        return Bytes.fromHex(table.get(name)).toArray();
    }

    static Reason rejection(byte[] b) {
        return catchThrowableOfType(StunDecodeException.class, () -> StunDecoder.decode(b)).reason();
    }

    static final String USER = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    static final String PASSWORD = "The\u00adM\u00aatr\u2168";

    @Test
    void rfc8489B1_asCorrectedByErratum6268_verifiesSha256AndUserhash() throws Exception {
        StunMessage m = StunDecoder.decode(block("### 2b."));
        assertThat(m.attribute(CoreAttribute.Userhash.class).hash())
                .isEqualTo(Bytes.wrap(StunKeys.userhash(USER, "example.org")));
        assertThat(m.attribute(CoreAttribute.Nonce.class).text()).isEqualTo("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
        assertThat(m.attribute(CoreAttribute.PasswordAlgorithm.class).algorithm())
                .isEqualTo(CoreAttribute.PasswordAlgorithm.SHA256);
        byte[] key = StunKeys.longTermSha256(USER, "example.org", PASSWORD);
        assertThat(Bytes.wrap(key).hex()).isEqualTo("dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1");
        assertThat(new Integrity().verify(m, key)).isEqualTo(Integrity.Status.VALID);
        assertThat(new Integrity().verify(m, StunKeys.longTermMd5(USER, "example.org", PASSWORD)))
                .isEqualTo(Integrity.Status.INVALID);
        byte[] again = StunMessageBuilder.request(m.method(), m.transactionId()).addAllExceptIntegrity(m.attributes())
                .integritySha256(key).encode();
        assertThat(again).isEqualTo(block("### 2b."));
    }

    @Test
    void rfc8489B1_asPrinted_isRejectedWithATypedError() {
        StunDecodeException e = catchThrowableOfType(StunDecodeException.class,
                () -> StunDecoder.decode(block("### 2a.")));
        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.getMessage()).contains("message length 156 needs 176 bytes, 156 given");
    }

    @Test
    void libwebrtcAddressVectors() throws Exception {
        assertThat(StunDecoder.decode(row("kStunMessageWithIPv4MappedAddress"))
                .attribute(CoreAttribute.MappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("172.23.68.230", 40444));
        assertThat(StunDecoder.decode(row("kStunMessageWithIPv6MappedAddress"))
                .attribute(CoreAttribute.MappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("2401:fa00:4:1000:be30:5bff:fee5:c3", 47233));
        assertThat(StunDecoder.decode(row("kStunMessageWithIPv4XorMappedAddress"))
                .attribute(CoreAttribute.XorMappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("172.23.68.230", 56743));
        assertThat(StunDecoder.decode(row("kStunMessageWithIPv6XorMappedAddress"))
                .attribute(CoreAttribute.XorMappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("2401:fa00:4:1000:be30:5bff:fee5:c3", 59977));
    }

    @Test
    void libwebrtcAttributeVectors() throws Exception {
        assertThat(StunDecoder.decode(row("kStunMessageWithByteStringAttribute"))
                .attribute(CoreAttribute.Username.class).text()).isEqualTo("abcdefgh");
        StunMessage unknown = StunDecoder.decode(row("kStunMessageWithUnknownAttribute"));
        assertThat(unknown.unknownComprehensionRequired()).containsExactly(0x00aa);
        assertThat(unknown.attribute(UnknownAttribute.class).value().utf8()).isEqualTo("abcdefg");
        assertThat(unknown.attribute(CoreAttribute.Username.class).text()).isEqualTo("abc");
        assertThat(StunDecoder.decode(row("kStunMessageWithPaddedByteStringAttribute"))
                .attribute(CoreAttribute.Username.class).text()).isEqualTo("abc");
        assertThat(StunDecoder.decode(row("kStunMessageWithUInt16ListAttribute"))
                .attribute(CoreAttribute.UnknownAttributes.class).types()).containsExactly(0x0001, 0x1000, 0xab0c);
        StunMessage error = StunDecoder.decode(row("kStunMessageWithErrorAttribute"));
        assertThat(error.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
        assertThat(error.attribute(CoreAttribute.ErrorCode.class))
                .isEqualTo(new CoreAttribute.ErrorCode(401, "Unauthorized"));
        // kSampleRequestMI32: RFC 5769 §2.1 with GOOG-MESSAGE-INTEGRITY-32 in place of MESSAGE-INTEGRITY.
        assertThat(text).contains("kSampleRequestMI32").contains("c0600004 4545ce7c");
        byte[] request = Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST);
        byte[] mi32bytes = new byte[92];
        System.arraycopy(request, 0, mi32bytes, 0, 76);
        System.arraycopy(Bytes.fromHex("c0600004 4545ce7c 80280004 e57a3bcf").toArray(), 0, mi32bytes, 76, 16);
        mi32bytes[3] = 0x48;
        StunMessage mi32 = StunDecoder.decode(mi32bytes);
        assertThat(mi32.attribute(UnknownAttribute.class).type()).isEqualTo(0xc060);
        assertThat(mi32.fingerprintStatus()).as("its FINGERPRINT is stale").isEqualTo(StunMessage.FingerprintStatus.INVALID);
    }

    @Test
    void libwebrtcMalformedVectors_areTypedErrors() {
        byte[] zero = row("kStunMessageWithZeroLength");
        assertThat(rejection(zero)).isEqualTo(Reason.TRAILING_BYTES);
        byte[] excess = zero.clone();
        excess[3] = 0x55;
        assertThat(rejection(excess)).isEqualTo(Reason.BAD_LENGTH);
        byte[] small = zero.clone();
        small[3] = 0x03;
        assertThat(rejection(small)).isEqualTo(Reason.BAD_LENGTH);
        StunDecodeException hmac = catchThrowableOfType(StunDecodeException.class,
                () -> StunDecoder.decode(row("kStunMessageWithBadHmacAtEnd")));
        assertThat(hmac.reason()).isEqualTo(Reason.ATTRIBUTE_OVERRUN);
        assertThat(hmac.attributeType()).isEqualTo(AttributeType.MESSAGE_INTEGRITY);
        assertThat(hmac.offset()).isEqualTo(20);
        assertThat(rejection(row("kRtcpPacket"))).isEqualTo(Reason.NOT_STUN);
    }

    @Test
    void libniceVectors() throws Exception {
        StunMessage simple = StunDecoder.decode(row("simple_resp"));
        assertThat(simple.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
        assertThat(simple.method().code()).isEqualTo(0x525);
        assertThat(text).contains("| extra_garbage | simple_resp + `aabbccdd`");
        byte[] garbage = Bytes.fromHex(table.get("simple_resp") + "aabbccdd").toArray();
        assertThat(rejection(garbage)).isEqualTo(Reason.TRAILING_BYTES);
        StunMessage old = StunDecoder.decode(row("old_ind"));
        assertThat(old.isClassic()).as("no magic cookie: an RFC 3489 message").isTrue();
        assertThat(StunDecoder.decode(row("fpr_resp")).fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        // bad1 declares 8 bytes but 12 follow: framing is checked before attributes, so that is what is reported.
        assertThat(rejection(row("bad1"))).isEqualTo(Reason.TRAILING_BYTES);
        // Cut to its declared 8 bytes, the 5-byte USERNAME runs past the end: libnice's point.
        byte[] bad1Framed = java.util.Arrays.copyOf(row("bad1"), 28);
        assertThat(rejection(bad1Framed)).isEqualTo(Reason.ATTRIBUTE_OVERRUN);
        assertThat(rejection(row("bad2"))).isEqualTo(Reason.BAD_LENGTH);
        assertThat(rejection(row("bad3"))).isEqualTo(Reason.TRUNCATED);
        assertThat(StunDecoder.decode(row("bad_crc")).fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.INVALID);
        assertThat(rejection(row("bad_crc_offset"))).isEqualTo(Reason.FINGERPRINT_NOT_LAST);
        StunMessage acme = StunDecoder.decode(row("acme"));
        assertThat(acme.attribute(CoreAttribute.Username.class).text()).isEqualTo("ABCD");
        assertThat(acme.attributes(UnknownAttribute.class)).extracting(UnknownAttribute::type)
                .containsExactly(0xff01, 0xff02, 0xff03, 0xff04, 0xff05, 0xff06);
        assertThat(new Integrity().verify(acme, StunKeys.shortTerm("good_guy"))).isEqualTo(Integrity.Status.VALID);
        assertThat(new Integrity().verify(acme, StunKeys.shortTerm("bad__guy"))).isEqualTo(Integrity.Status.INVALID);
    }

    @Test
    void everyTableVectorDecodesOrFailsTyped() {
        assertThat(table).hasSizeGreaterThan(20);
        for (Map.Entry<String, String> e : table.entrySet()) {
            byte[] b = Bytes.fromHex(e.getValue()).toArray();
            try {
                StunDecoder.decode(b);
            } catch (StunDecodeException typed) {
                assertThat(typed.reason()).as(e.getKey()).isNotNull();
            }
        }
        assertThatThrownBy(() -> StunDecoder.decode(new byte[3])).isInstanceOf(StunDecodeException.class);
        assertThat(List.copyOf(table.keySet())).contains("acme", "kRtcpPacket");
    }
}
