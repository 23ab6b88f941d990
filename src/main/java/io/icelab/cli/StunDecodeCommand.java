package io.icelab.cli;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode one STUN message given as hex or base64 (argument or standard input) into JSON.",
                "Exit code 2 and a one-line error naming the offset and reason when it is malformed."})
final class StunDecodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "hex or base64; '-' or nothing reads standard input")
    String input;

    @Option(names = "--password", description = "short-term password to check MESSAGE-INTEGRITY with")
    String password;

    @Option(names = "--long-term", paramLabel = "USER:REALM:PASSWORD",
            description = "long-term credentials to check MESSAGE-INTEGRITY(-SHA256) with")
    String longTerm;

    @Override
    public Integer call() throws IOException {
        String text = input == null || input.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : input;
        byte[] bytes;
        try {
            bytes = parse(text.strip());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: input is neither hex nor base64: " + e.getMessage());
            return 2;
        }
        StunMessage m;
        try {
            m = StunDecoder.decode(bytes);
        } catch (StunDecodeException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(Json.write(MessageJson.of(m, key(m))));
        return 0;
    }

    private byte[] key(StunMessage m) {
        if (password != null) {
            return StunKeys.shortTerm(password);
        }
        if (longTerm != null) {
            String[] parts = longTerm.split(":", 3);
            if (parts.length != 3) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--long-term wants USER:REALM:PASSWORD");
            }
            CoreAttribute.PasswordAlgorithm alg = m.attribute(CoreAttribute.PasswordAlgorithm.class);
            int algorithm = alg == null ? CoreAttribute.PasswordAlgorithm.MD5 : alg.algorithm();
            return StunKeys.longTerm(algorithm, parts[0], parts[1], parts[2]);
        }
        return null;
    }

    /** Hex when every character is a hex digit, white space or ':'; base64 otherwise. */
    static byte[] parse(String text) {
        String compact = text.replaceAll("[\\s:]", "");
        if (compact.matches("[0-9a-fA-F]*") && compact.length() % 2 == 0 && !compact.isEmpty()) {
            return Bytes.fromHex(compact).toArray();
        }
        return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    }
}
