package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ice-agent}'s options, read without picocli: every option, both spellings, and one line per mistake. */
class IceAgentOptionsTest {
    static IceAgentOptions run(String... args) throws IceAgentOptions.Mistake {
        return ((IceAgentOptions.Run) IceAgentOptions.parse(List.of(args))).options();
    }

    @Test
    void defaults() throws Exception {
        IceAgentOptions o = run("--controlled");
        assertThat(o.role()).isEqualTo(Role.CONTROLLED);
        assertThat(o.implementation()).isEqualTo(IceAgentOptions.Implementation.FULL);
        assertThat(o.nomination()).isEqualTo(IceConfig.Nomination.REGULAR);
        assertThat(o.bind()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isZero();
        assertThat(o.tcp()).isEqualTo(IceAgentOptions.Tcp.NONE);
        assertThat(o.names()).isEqualTo(IceAgentOptions.HostNames.ADDRESS);
        assertThat(o.stun()).isNull();
        assertThat(o.timeoutNanos()).isEqualTo(30_000_000_000L);
    }

    @Test
    void everyOption_inBothSpellings() throws Exception {
        IceAgentOptions o = run("--controlling", "--lite", "--aggressive", "--bind", "127.0.0.2", "--port=4000",
                "--tcp", "only", "--mdns", "--stun=127.0.0.1:3478", "--timeout", "2.5s");
        assertThat(o.role()).isEqualTo(Role.CONTROLLING);
        assertThat(o.implementation()).isEqualTo(IceAgentOptions.Implementation.LITE);
        assertThat(o.nomination()).isEqualTo(IceConfig.Nomination.AGGRESSIVE);
        assertThat(o.bind()).isEqualTo("127.0.0.2");
        assertThat(o.port()).isEqualTo(4000);
        assertThat(o.tcp()).isEqualTo(IceAgentOptions.Tcp.ONLY);
        assertThat(o.names()).isEqualTo(IceAgentOptions.HostNames.MDNS);
        assertThat(o.stun().getPort()).isEqualTo(3478);
        assertThat(o.timeoutNanos()).isEqualTo(2_500_000_000L);
        assertThat(run("--controlling", "--tcp").tcp()).isEqualTo(IceAgentOptions.Tcp.ALSO);
        assertThat(run("--tcp=only", "--controlling").tcp()).isEqualTo(IceAgentOptions.Tcp.ONLY);
        assertThat(run("--tcp", "--controlling").tcp()).isEqualTo(IceAgentOptions.Tcp.ALSO);
    }

    @Test
    void helpAndVersion_winOverEverythingElse() throws Exception {
        assertThat(IceAgentOptions.parse(List.of("--controlling", "-h"))).isInstanceOf(IceAgentOptions.Help.class);
        assertThat(IceAgentOptions.parse(List.of("--version"))).isInstanceOf(IceAgentOptions.Version.class);
        CliRun help = CliRun.of("ice-agent", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--controlling", "--tcp[=also|only]", "--timeout", "Exit codes");
        assertThat(CliRun.of("ice-agent", "-V").out().strip()).isEqualTo("icelab " + Main.VERSION);
        assertThat(CliRun.of("help", "ice-agent").out()).contains("icelab ice-agent --help");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                   | missing the role",
            "--controlling --controlled           | mutually exclusive",
            "--controlling --controlling          | mutually exclusive",
            "--controlling --port 70000           | --port: '70000' is not a port number",
            "--controlling --port x               | --port: 'x'",
            "--controlling --port                 | --port needs a value",
            "--controlling --tcp=sometimes        | --tcp: 'sometimes' is neither",
            "--controlling --stun nowhere         | --stun: 'nowhere' is not HOST:PORT",
            "--controlling --timeout soon         | --timeout:",
            "--controlling --lite=yes             | --lite takes no value",
            "--controlling --frobnicate           | unknown option '--frobnicate'",
            "--controlling extra                  | unexpected argument 'extra'",
            "--controlling --bind=                | --bind: an address is needed"})
    void aMistake_isOneLineNamingTheOption_exit2(String args, String says) {
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        assertThatThrownBy(() -> IceAgentOptions.parse(List.of(argv))).isInstanceOf(IceAgentOptions.Mistake.class)
                .hasMessageContaining(says);
        String[] full = new String[argv.length + 1];
        full[0] = "ice-agent";
        System.arraycopy(argv, 0, full, 1, argv.length);
        CliRun r = CliRun.of(full);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains(says).endsWith("(see: icelab ice-agent --help)")
                .doesNotContain("\n");
        assertThat(r.out()).isEmpty();
    }
}
