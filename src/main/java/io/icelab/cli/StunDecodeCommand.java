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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode one STUN message given as hex or base64 (argument or standard input) into JSON.",
                "Exit codes: 0 decoded (and MESSAGE-INTEGRITY valid when a key is given), 1 MESSAGE-INTEGRITY "
                + "checked and invalid, 2 malformed input (one line naming the offset, attribute and reason)."})
final class StunDecodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MESSAGE",
            description = "the message as hex (white space and ':' allowed) or base64; '-' or nothing reads standard input")
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
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        StunMessage m;
        try {
            m = StunDecoder.decode(bytes);
        } catch (StunDecodeException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        Map<String, Object> json = MessageJson.of(m, key(m));
        spec.commandLine().getOut().println(Json.write(json));
        // A key was given and the message does not verify with it: that is the answer the caller asked for.
        return "invalid".equals(json.get("integrity")) ? 1 : 0;
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

    /**
     * Hex when at least 90 % of the characters (white space and ':' aside) are hex digits, which base64 of
     * a STUN message never is; then any other character is a typo, named with its position, not a reason to
     * fall back to base64. Base64 otherwise. Throws IllegalArgumentException with a one-line reason.
     */
    static byte[] parse(String text) {
        String compact = text.replaceAll("[\\s:]", "");
        if (compact.isEmpty()) {
            throw new IllegalArgumentException("no input: give the message as hex or base64");
        }
        long hexDigits = compact.chars().filter(c -> Character.digit(c, 16) >= 0).count();
        if (hexDigits * 10 >= compact.length() * 9L) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.digit(c, 16) < 0 && !Character.isWhitespace(c) && c != ':') {
                    throw new IllegalArgumentException("input looks like hex but has '" + c + "' at position " + (i + 1)
                            + " (of " + text.length() + " characters)");
                }
            }
            if (compact.length() % 2 != 0) {
                throw new IllegalArgumentException("hex input has an odd number of digits (" + compact.length()
                        + "): a byte is two digits");
            }
            return Bytes.fromHex(compact).toArray();
        }
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input is neither hex nor base64: " + e.getMessage());
        }
    }
}
