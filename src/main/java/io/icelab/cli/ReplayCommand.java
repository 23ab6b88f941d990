package io.icelab.cli;

import io.icelab.replay.CaptureAnalysis;
import io.icelab.replay.CaptureFile;
import io.icelab.replay.CaptureLint;
import io.icelab.replay.CapturedMessage;
import io.icelab.replay.Credentials;
import io.icelab.replay.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `icelab replay`: read captures and account for every STUN/TURN message and every other frame in them. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Read pcap and pcapng captures and account for every STUN, TURN and other message in them.",
                "Link layers: Ethernet, Linux cooked, raw IP, loopback; IPv4 with fragments, IPv6; UDP and "
                + "reassembled TCP with or without RFC 4571 framing. Every message is accounted for: "
                + "STUN/TURN by method and class, ChannelData, DTLS, RTP/RTCP, and typed decode errors with "
                + "offsets. Exit codes: 0 every message read (and no ERROR finding with --lint), 1 a message failed to decode or a lint ERROR, 2 a file that cannot be read or a mistake in the command (one line says which)."})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap or pcapng captures")
    List<Path> files;

    @Option(names = "--json", description = "one JSON document for all files")
    boolean json;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "ICE and TURN credentials for MESSAGE-INTEGRITY (default: FILE.credentials.yaml beside each capture)")
    Path credentials;

    @Option(names = "--results", paramLabel = "DIR", description = "write Allure results (one test per capture, a step"
            + " per rule, the capture attached); implies --lint")
    Path results;

    @Option(names = "--report", paramLabel = "DIR", description = "also build the HTML report here (results go to"
            + " --results, by default target/replay-results)")
    Path report;

    @Option(names = "--against-stack", description = "replay Binding and Allocate requests and ICE checks (those the"
            + " credentials allow) against icelab's STUN and TURN servers and ICE agent; compare the answers")
    boolean againstStack;

    @Option(names = "--lint", description = "check the messages against the RFCs (FINGERPRINT, ICE check attributes,"
            + " transactions, retransmission timing); exit 1 on an ERROR finding")
    boolean lint;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = 0;
        List<Object> docs = new ArrayList<>();
        if (report != null && results == null) {
            results = Path.of("target", "replay-results");
        }
        if (results != null) {
            lint = true;
        }
        try {
            for (Path f : files) {
                code = Math.max(code, replay(f, docs, out, err));
            }
        } catch (Fatal e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (json) {
            out.println(Json.write(docs));
        }
        if (results != null && report != null) {
            code = Math.max(code, generateReport(out, err));
        }
        out.flush();
        return code;
    }

    /** An error that ends the command at once (exit 2): credentials that cannot be read, results that cannot be written. */
    private static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }

    /** One capture: analysed, linted, written as results, and printed or added to the JSON documents; its exit code. */
    private int replay(Path f, List<Object> docs, PrintWriter out, PrintWriter err) throws Fatal {
        long start = System.currentTimeMillis();
        CaptureAnalysis a;
        try {
            a = CaptureAnalysis.of(f);
        } catch (CaptureFile.CaptureException e) {
            err.println("error: " + e.getMessage());
            return 2; // a file that cannot be read at all, as in every command
        }
        int code = !a.decodeErrors().isEmpty() || !a.frameErrors().isEmpty() ? 1 : 0;
        List<Finding> findings;
        Credentials creds;
        try {
            creds = credentials != null ? Credentials.load(credentials) : Credentials.forCapture(f);
            findings = lint ? CaptureLint.lint(a, creds) : List.of();
        } catch (Credentials.CredentialsException e) {
            throw new Fatal(e.getMessage());
        }
        if (findings.stream().anyMatch(x -> x.severity() == Finding.Severity.ERROR)) {
            code = 1;
        }
        if (results != null) {
            try {
                io.icelab.replay.ReplayResults.write(results, a, findings, start, System.currentTimeMillis());
            } catch (java.io.IOException e) {
                throw new Fatal("cannot write Allure results to " + results + ": " + e.getMessage());
            }
        }
        if (json) {
            Map<String, Object> d = document(a);
            if (lint) {
                d.put("findings", findingsJson(findings));
            }
            docs.add(d);
        } else {
            print(out, a);
            findings.forEach(x -> out.println("  " + x));
            if (againstStack) {
                printStackReplay(out, a, creds);
            }
        }
        return code;
    }

    private static List<Object> findingsJson(List<Finding> findings) {
        List<Object> fs = new ArrayList<>();
        for (Finding x : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", x.rule());
            m.put("severity", x.severity().name());
            m.put("frame", x.frame());
            m.put("text", x.text());
            fs.add(m);
        }
        return fs;
    }

    /** {@code --against-stack}: the capture's requests replayed against icelab's own servers. */
    private static void printStackReplay(PrintWriter out, CaptureAnalysis a, Credentials creds) {
        List<io.icelab.replay.StackReplay.Result> rs = io.icelab.replay.StackReplay.replay(a, creds);
        long same = rs.stream().filter(io.icelab.replay.StackReplay.Result::same).count();
        out.printf("  replayed %d request(s) against icelab's servers: %d answered alike%n", rs.size(), same);
        rs.stream().filter(x -> !x.same()).forEach(x -> out.printf("    frame %d %s: captured %s, icelab %s: %s%n",
                x.frame(), x.request(), x.captured(), x.icelab(), String.join("; ", x.differences())));
    }

    private int generateReport(PrintWriter out, PrintWriter err) {
        try {
            return AllureCommandline.generate(null, ReportLayout.SINGLE_FILE, List.of(results), report, out, err) ? 0 : 1;
        } catch (java.io.IOException | InterruptedException e) {
            err.println("error: allure generate: " + e.getMessage());
            return 1;
        }
    }

    private static void print(PrintWriter out, CaptureAnalysis a) {
        List<String> lines = a.summary();
        out.println(a.file() + ": " + lines.get(0));
        lines.subList(1, lines.size()).forEach(l -> out.println("  " + l));
    }

    private static Map<String, Object> document(CaptureAnalysis a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", a.file().toString());
        d.put("frames", a.frames());
        d.put("messages", new LinkedHashMap<>(a.counts()));
        d.put("frames by kind", new LinkedHashMap<>(a.frameKinds()));
        List<Object> errors = new ArrayList<>();
        for (CapturedMessage m : a.decodeErrors()) {
            var e = ((CapturedMessage.DecodeError) m.content()).error();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("frame", m.frame());
            x.put("reason", e.reason().name());
            x.put("offset", e.offset());
            x.put("message", e.getMessage());
            errors.add(x);
        }
        d.put("decodeErrors", errors);
        d.put("frameErrors", a.frameErrors());
        d.put("warnings", a.warnings());
        return d;
    }
}
