package io.icelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stun", mixinStandardHelpOptions = true, description = "Decode STUN messages and query STUN servers.",
        subcommands = {StunDecodeCommand.class, StunBindingCommand.class})
final class StunCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
