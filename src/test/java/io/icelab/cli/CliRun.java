package io.icelab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process `icelab` invocation for tests: exit code and what it printed. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The same as {@code [code, out, err]}, for tests that index the parts. */
    public String[] parts() {
        return new String[] {String.valueOf(code), out, err};
    }
}
