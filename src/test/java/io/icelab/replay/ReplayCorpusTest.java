package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunMessage;
import io.icelab.stun.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The public corpus (../shared/captures/public), read in place: every frame accounted for, counts as tshark's. */
class ReplayCorpusTest {

    static List<Path> corpus() throws IOException {
        Path root = SharedCorpus.require("INDEX.md").getParent();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, "*.{pcap,pcapng}")) {
            s.forEach(files::add);
        }
        files.sort(Path::compareTo);
        return files;
    }

    @Test
    void everyCaptureIsRead_andEveryFrameFallsInExactlyOneKind() throws Exception {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        for (Path f : files) {
            CaptureAnalysis a = CaptureAnalysis.of(f);
            int sum = a.frameKinds().values().stream().mapToInt(Integer::intValue).sum();
            assertThat(sum).as("%s: frames by kind %s", f.getFileName(), a.frameKinds()).isEqualTo(a.frames());
            assertThat(a.frames()).as(f.getFileName().toString()).isPositive();
            assertThat(a.frameErrors()).as(f.getFileName().toString()).isEmpty();
        }
    }

    /** The 16-bit STUN message type: method bits around the two class bits (RFC 8489 §5). */
    static int messageType(StunMessage m) {
        int method = m.method().code();
        int c = m.messageClass().bits();
        return (method & 0xf80) << 2 | (method & 0x70) << 1 | (method & 0xf) | (c & 2) << 7 | (c & 1) << 4;
    }

    static Map<String, Integer> ours(CaptureAnalysis a) {
        Map<String, Integer> c = new TreeMap<>();
        for (CapturedMessage m : a.messages()) {
            if (m.content() instanceof CapturedMessage.Stun s && !s.message().isClassic()) {
                c.merge(String.format("0x%04x", messageType(s.message())), 1, Integer::sum);
            } else if (m.content() instanceof CapturedMessage.DecodeError d) {
                c.merge(String.format("0x%04x", d.messageType()), 1, Integer::sum); // tshark counts it by its header
            }
        }
        return c;
    }

    /** tshark's STUN message types, leaving out copies quoted inside ICMP errors (which we count as ICMP). */
    static Map<String, Integer> tshark(Path f) throws Exception {
        Process p = new ProcessBuilder("tshark", "-r", f.toString(), "-d", "tcp.port==80,stun", "-Y",
                "stun && !icmp && !icmpv6", "-T", "fields", "-e", "stun.type").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Integer> c = new TreeMap<>();
        for (String line : out.split("\n")) {
            for (String t : line.split(",")) {
                if (!t.isBlank()) {
                    c.merge(t.strip(), 1, Integer::sum);
                }
            }
        }
        return c;
    }

    static boolean hasTshark() {
        try {
            return new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * On every corpus file icelab's STUN message counts per type equal tshark's. Messages of proprietary
     * dialects (WhatsApp, MS-TURN) that icelab rejects with a typed decode error count by their header's
     * type, as tshark's lenient dissector counts them; the test also shows how many those are.
     */
    @Test
    void stunMessageTypeCounts_agreeWithTshark_onEveryFile() throws Exception {
        List<Path> files = corpus();
        assumeTrue(hasTshark() || System.getenv("CI") != null, "tshark not installed (apt-get install tshark)");
        int messages = 0;
        int rejected = 0;
        for (Path f : files) {
            CaptureAnalysis a = CaptureAnalysis.of(f);
            Map<String, Integer> mine = ours(a);
            assertThat(mine).as(f.getFileName().toString()).isEqualTo(tshark(f));
            messages += mine.values().stream().mapToInt(Integer::intValue).sum();
            rejected += a.decodeErrors().size();
        }
        assertThat(messages).as("STUN messages compared").isGreaterThan(1200);
        assertThat(rejected).as("messages with typed decode errors").isBetween(1, messages / 5);
        System.out.println("replay vs tshark: " + files.size() + " files, " + messages + " messages agree, "
                + rejected + " of them rejected by icelab with a typed error");
    }

    @Test
    void theMalformedCaptures_giveTypedErrorsNamingAttributeAndOffset() throws Exception {
        CaptureAnalysis ffff = CaptureAnalysis.of(SharedCorpus.require("zeek-spicy-stun__stun-attribute-length-ffff.pcap"));
        assertThat(ffff.decodeErrors()).hasSize(1);
        StunDecodeException e = ((CapturedMessage.DecodeError) ffff.decodeErrors().get(0).content()).error();
        assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.ATTRIBUTE_OVERRUN);
        assertThat(e.attributeType()).isEqualTo(0x0001);
        assertThat(e.offset()).isEqualTo(20);
        assertThat(ffff.decodeErrors().get(0).frame()).isEqualTo(2);

        CaptureAnalysis bad = CaptureAnalysis.of(SharedCorpus.require("zeek-spicy-stun__stun-malformed-error.pcap"));
        assertThat(bad.decodeErrors()).hasSize(1);
        StunDecodeException e2 = ((CapturedMessage.DecodeError) bad.decodeErrors().get(0).content()).error();
        assertThat(e2.attributeType()).isEqualTo(0x0009);
        assertThat(e2.getMessage()).contains("ERROR-CODE").contains("offset");
        assertThat(bad.messages()).anyMatch(m -> m.content() instanceof CapturedMessage.Stun s
                && s.message().isRequest() && s.message().has(io.icelab.stun.IceAttribute.IceControlled.class));
    }

    @Test
    void turnOverTcp_threeMessagesInOneSegment_andTcpReassemblyAcrossSegments() throws Exception {
        CaptureAnalysis a = CaptureAnalysis.of(SharedCorpus.require("nDPI__stun_tcp_multiple_msgs_same_pkt.pcap"));
        assertThat(a.stunCounts()).isEqualTo(Map.of("Allocate Request", 6));
        CaptureAnalysis turn = CaptureAnalysis.of(SharedCorpus.require("arkime__turn.pcap"));
        assertThat(turn.messages()).filteredOn(m -> m.content() instanceof CapturedMessage.Stun s
                && s.message().messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE
                && s.message().method().equals(io.icelab.stun.Method.ALLOCATE))
                .singleElement().satisfies(m -> assertThat(((CapturedMessage.Stun) m.content()).message()
                        .has(io.icelab.stun.TurnAttribute.XorRelayedAddress.class)).isTrue());
    }

    @Test
    void channelDataAndIndications_inATurnSession() throws Exception {
        CaptureAnalysis a = CaptureAnalysis.of(SharedCorpus.require("nDPI__adult_content.pcap"));
        assertThat(a.stunCounts()).containsEntry("ChannelData", 11).containsEntry("Send Indication", 2)
                .containsEntry("Data Indication", 2).containsEntry("Allocate Error", 1);
        assertThat(a.messages()).filteredOn(m -> m.content() instanceof CapturedMessage.Stun s
                && s.message().errorCode() == 401).singleElement()
                .satisfies(m -> assertThat(((CapturedMessage.Stun) m.content()).message()
                        .has(CoreAttribute.Nonce.class)).isTrue());
    }

    static String[] cli(String... args) {
        return io.icelab.cli.CliRun.of(args).parts();
    }

    @Test
    void icelabReplay_printsCountsAndFindings_andExitsByWhatItFound() throws Exception {
        Path clean = SharedCorpus.require("nDPI__adult_content.pcap");
        String[] r = cli("replay", "--lint", clean.toString());
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("25 frames, 25 messages").containsPattern("11 +udp ChannelData");
        String[] j = cli("replay", "--json", SharedCorpus.require("zeek-spicy-stun__stun-attribute-length-ffff.pcap").toString());
        assertThat(j[0]).isEqualTo("1");
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j[1]);
        assertThat(doc.get(0).at("/decodeErrors/0/reason").asText()).isEqualTo("ATTRIBUTE_OVERRUN");
        assertThat(doc.get(0).at("/decodeErrors/0/frame").asInt()).isEqualTo(2);
        String[] missing = cli("replay", "no-such-file.pcap");
        assertThat(missing[0]).as("a file that cannot be read: exit 2, as in every command").isEqualTo("2");
        assertThat(missing[2]).startsWith("error: no-such-file.pcap: no such file");
    }

    /** Every message icelab decodes from the corpus re-encodes byte for byte, except padding some senders fill. */
    @Test
    void everyDecodedMessage_reencodesIdentically_butForPadding() throws Exception {
        int identical = 0;
        int padding = 0;
        for (Path f : corpus()) {
            for (CapturedMessage m : CaptureAnalysis.of(f).messages()) {
                if (m.content() instanceof CapturedMessage.Stun s && !s.message().isClassic()) {
                    String d = io.icelab.stun.RoundTrip.describe(s.message());
                    if (d == null) {
                        identical++;
                    } else {
                        assertThat(d).as("%s frame %d", f.getFileName(), m.frame()).startsWith("padding of ");
                        padding++;
                    }
                }
            }
        }
        assertThat(identical).isGreaterThan(1200);
        assertThat(padding).isLessThan(identical / 20);
        System.out.println("round trip: " + identical + " identical, " + padding + " differ only in padding");
    }
}
