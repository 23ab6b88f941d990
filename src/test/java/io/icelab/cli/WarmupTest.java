package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Start-up: the ice-agent warm-up really walks a first check's path; picocli gets only the command that runs. */
class WarmupTest {
    @Test
    void twoAgentsConnectInMemory() {
        assertThat(Warmup.run()).isTrue();
    }

    @Test
    void onlyTheRunSubcommandIsMade_unlessHelpIsAsked() {
        assertThat(Main.commandLine("ice-agent", "--controlling").getSubcommands()).containsOnlyKeys("ice-agent");
        assertThat(Main.commandLine("help", "sim").getSubcommands()).containsOnlyKeys(Main.Subcommands.ALL.keySet());
        assertThat(Main.commandLine("--help").getSubcommands()).containsOnlyKeys(Main.Subcommands.ALL.keySet());
        assertThat(Main.commandLine("nonsense").getSubcommands()).hasSize(Main.Subcommands.ALL.size());
        assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
        assertThat(CliRun.of("--version").out().strip()).isEqualTo("icelab " + Main.VERSION);
        assertThat(CliRun.of("--help").out()).contains("ice-agent", "turn-server", "replay");
    }
}
