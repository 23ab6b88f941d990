package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code icelab probe ice}: a report per case on loopback, and one line per mistake. */
class ProbeCommandTest {
    @Test
    void probingIcelabsOwnAgent_behindTwoProfiles_passes() {
        CliRun r = CliRun.of("probe", "ice", "--agent", "self", "--nat", "symmetric,restricted-cone", "--role",
                "controlling", "--matrix", "full", "--timeout", "4s");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("agent behind", "symmetric              symmetric                    controlling  fail     not connected",
                "restricted-cone        symmetric                    controlling  connect  connected",
                "9 cases, 9 as expected", "passed:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--nat no-nat                       | --nat: no-nat is a router, not a translating NAT",
            "--nat nowhere                      | --nat:",
            "--profiles /nonexistent            | --profiles: /nonexistent is not a folder of NAT profiles",
            "--timeout soon                     | --timeout:",
            "--matrix diagonal                  | --matrix"})
    void aMistake_isExit2_withOneLine(String args, String says) {
        List<String> argv = new java.util.ArrayList<>(List.of("probe", "ice", "--agent", "self"));
        argv.addAll(List.of(args.trim().split("\\s+")));
        CliRun r = CliRun.of(argv.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(says);
    }

    @Test
    void anUnclosedQuoteInTheAgentCommand_isExit2() {
        CliRun r = CliRun.of("probe", "ice", "--agent", "java -jar 'x.jar");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--agent: unclosed ' at character 11 of: java -jar 'x.jar");
    }

    @Test
    void words_splitAsAShellWould() {
        assertThat(Words.split("  a 'b c' \"d \\\"e\\\"\" f\\ g  ")).containsExactly("a", "b c", "d \"e\"", "f g");
        assertThat(Words.split("")).isEmpty();
    }
}
