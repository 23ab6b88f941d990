package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ice-agent warm-up really walks the path of a first check: it connects two agents in memory. */
class WarmupTest {
    @Test
    void twoAgentsConnectInMemory() {
        assertThat(Warmup.run()).isTrue();
    }

    @Test
    void onlyTheRunSubcommandIsMade_unlessHelpIsAsked() {
        assertThat(Main.commandLine("ice-agent", "--controlling").getSubcommands()).containsOnlyKeys("ice-agent");
        assertThat(Main.commandLine("help", "sim").getSubcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine("--help").getSubcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine("nonsense").getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
    }
}
