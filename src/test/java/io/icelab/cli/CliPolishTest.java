package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.turn.TurnServerEvent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's polish (issue 12): whole help texts, one style of errors and exit codes, plain addresses. */
class CliPolishTest {

    @Test
    void stunDecode_aHexTypoIsNamedWithItsPosition_notDecodedAsBase64() {
        CliRun typo = CliRun.of("stun", "decode", MainTest.RFC5769_IPV4_RESPONSE.replaceFirst("a442", "a4g2"));
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err().strip()).isEqualTo("error: input looks like hex but has 'g' at position 16 (of "
                + MainTest.RFC5769_IPV4_RESPONSE.length() + " characters)");
        CliRun odd = CliRun.of("stun", "decode", "0001000c2112a44");
        assertThat(odd.code()).isEqualTo(2);
        assertThat(odd.err()).contains("odd number of digits (15)");
        assertThat(CliRun.of("stun", "decode", "AAEACCESpEL/qLJHuDKc5PsGghOAKAAEqgN+GQ==").code()).as("base64 still").isZero();
    }

    @Test
    void stunDecode_aFailingMessageIntegrityExits1() {
        assertThat(CliRun.of("stun", "decode", MainTest.RFC5769_IPV4_RESPONSE, "--password", "VOkJxbRl1RmTxUk/WvJxBt")
                .code()).isZero();
        CliRun wrong = CliRun.of("stun", "decode", MainTest.RFC5769_IPV4_RESPONSE, "--password", "wrong");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.out()).contains("\"integrity\": \"invalid\"");
        assertThat(CliRun.of("stun", "decode", MainTest.RFC5769_LONG_TERM, "--long-term", "u:example.org:wrong").code())
                .isEqualTo(1);
        assertThat(CliRun.of("stun", "decode", MainTest.RFC5769_IPV4_RESPONSE).code()).as("no key, nothing checked").isZero();
    }

    /** Every command, option and parameter is described, in whole sentences; `icelab help [COMMAND]` works. */
    @Test
    void helpTexts_wholeAndEveryOptionDescribed() {
        List<String> missing = new ArrayList<>();
        walk(Main.commandLine(), missing);
        assertThat(missing).isEmpty();
        CliRun help = CliRun.of("help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("turn-probe    Check a TURN server as an operator would, through a real");
        CliRun sim = CliRun.of("help", "sim");
        assertThat(sim.code()).isZero();
        assertThat(sim.out()).startsWith("Usage: icelab sim").contains("one interface per realm");
    }

    private static void walk(CommandLine cmd, List<String> missing) {
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        String name = spec.qualifiedName(" ");
        String[] description = spec.usageMessage().description();
        if (description.length == 0) {
            missing.add(name + ": no description");
        }
        for (String paragraph : description) {
            if (!paragraph.replace("%n", "").strip().matches("(?s).*[.:)]$")) {
                missing.add(name + ": a description line is cut: " + paragraph);
            }
        }
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.description().length == 0 || o.description()[0].isBlank()) {
                missing.add(name + " " + o.longestName() + ": no description");
            }
        }
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            if (p.description().length == 0 || p.description()[0].isBlank()) {
                missing.add(name + " " + p.paramLabel() + ": no description");
            }
        }
        cmd.getSubcommands().values().forEach(c -> walk(c, missing));
    }

    /** A missing file is one line, "error: FILE: no such file", and exit 2, whichever command reads it. */
    @Test
    void missingFiles_oneStyleAndExit2(@TempDir Path dir) {
        Path absent = dir.resolve("absent.x");
        for (String[] args : new String[][] {{"sim", absent.toString()}, {"replay", absent.toString()},
                {"replay", "captures/golden/nat444-seed7.pcap", "--credentials", absent.toString()},
                {"run", absent.toString()}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("error: ").contains(absent.toString()
                    .substring(absent.toString().lastIndexOf('/') + 1) + ": no such file").doesNotContain("\n");
        }
        CliRun unknown = CliRun.of("sim", "--nope", "x.yaml");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: Unknown option: '--nope' (see: icelab sim --help)");
    }

    /** Addresses are printed as IP:PORT, never with Java's leading '/'. */
    @Test
    void addressesArePrintedWithoutJavasSlash() {
        InetSocketAddress c = new InetSocketAddress("127.0.0.1", 5000);
        InetSocketAddress r = new InetSocketAddress("::1", 49152);
        List<String> lines = List.of(
                TurnServerCommand.describe(new TurnServerEvent.AllocationCreated(c, "u", r, 600)),
                TurnServerCommand.describe(new TurnServerEvent.AllocationDeleted(c, r, "expired")),
                TurnServerCommand.describe(new TurnServerEvent.PermissionInstalled(r, "127.0.0.2")),
                TurnServerCommand.describe(new TurnServerEvent.ChannelBound(r, 0x4000, c)),
                TurnServerCommand.describe(new TurnServerEvent.Refused(c, "Allocate", 401, "Unauthorized")));
        assertThat(lines).noneMatch(l -> l.contains("/")).anyMatch(l -> l.contains("127.0.0.1:5000"))
                .anyMatch(l -> l.contains("[::1]:49152"));
        CliRun sim = CliRun.of("sim", "scenarios/topologies/ice-relay.yaml", "--until", "5s", "--print-log");
        assertThat(sim.code()).isZero();
        assertThat(sim.out().lines()).as("summary and timeline").hasSizeGreaterThan(20)
                .noneMatch(l -> l.matches(".*(^|[=\\[(, ])/[0-9a-fA-F:\\[].*"));
    }

    /** An unknown NAT profile names where icelab looked and lists the valid names, which match the folder. */
    @Test
    void anUnknownNatProfile_listsTheValidNamesAndWhereItLooked(@TempDir Path dir) throws Exception {
        Path t = Files.writeString(dir.resolve("t.yaml"), String.join("\n", "name: t", "root: internet", "nats:",
                "  - { name: a, behind: internet, profile: fullcone, external: [203.0.113.1] }", ""));
        CliRun r = CliRun.of("sim", t.toString());
        assertThat(r.code()).isEqualTo(2);
        TreeSet<String> onDisk = new TreeSet<>();
        try (var files = Files.list(Path.of("scenarios", "nat-profiles"))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> onDisk.add(n.substring(0, n.length() - 5)));
        }
        assertThat(io.icelab.sim.NatProfiles.names(null)).as("scenarios/nat-profiles/profiles.txt lists every profile")
                .containsExactlyElementsOf(onDisk);
        assertThat(r.err().strip()).isEqualTo("error: " + t + ":4: nats[0].profile: no NAT profile 'fullcone': looked in "
                + dir.getParent().resolve("nat-profiles") + " and the built-in profiles; valid names: "
                + String.join(", ", onDisk));
    }

    @Test
    void turnServer_quotaAndLimitFlags_outOfRangeAreUsageErrorsNamingTheFlag() {
        String[][] bad = {
            {"--max-bps", "-1", "--max-bps -1: 0 (no cap) to 9000000000"},
            {"--max-allocate-lifetime", "0", "--max-allocate-lifetime 0: 1 to 4294967295 seconds"},
            {"--user-quota", "-2", "--user-quota -2: 0 or more"},
        };
        for (String[] b : bad) {
            CliRun r = CliRun.of("turn-server", "--listen", "127.0.0.1:0", "--user", "u:p", b[0], b[1], "--duration-s", "1");
            assertThat(r.code()).as(b[0]).isEqualTo(2);
            assertThat(r.err()).as(b[0]).contains("error: " + b[2]);
        }
    }
}
