package io.icelab.probe;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The terminal report of {@code icelab probe ice}: a row per case (where each side sits, the agent's role, the
 * outcome RFC 4787 reasoning expects, what happened, time to connect, statements met / not met / not observed), then
 * every statement not met with its evidence, then one summary line.
 */
public final class IceProbeReport {
    private IceProbeReport() {
    }

    /** How much the report lists under the table. */
    public enum Detail { UNMET, EVERY_STATEMENT }

    /**
     * Prints the report.
     *
     * @param out where it goes
     * @param results the cases run, in order
     * @param detail the unmet statements only, or every statement of every case
     */
    public static void print(PrintWriter out, List<IceProbe.Result> results, Detail detail) {
        out.printf(Locale.ROOT, "%-22s %-28s %-12s %-8s %-15s %6s %4s %4s %6s%n", "agent behind", "icelab behind",
                "agent role", "expected", "outcome", "ms", "met", "not", "unseen");
        int asExpected = 0;
        int met = 0;
        int notMet = 0;
        int unseen = 0;
        for (IceProbe.Result r : results) {
            int m = PeerObservations.count(r.statements(), PeerObservations.Verdict.MET);
            int n = PeerObservations.count(r.statements(), PeerObservations.Verdict.NOT_MET);
            int u = PeerObservations.count(r.statements(), PeerObservations.Verdict.NOT_OBSERVED);
            met += m;
            notMet += n;
            unseen += u;
            asExpected += r.asExpected() ? 1 : 0;
            out.printf(Locale.ROOT, "%-22s %-28s %-12s %-8s %-15s %6s %4d %4d %6d%n", r.c().peer().name(),
                    icelabSide(r.c()), r.c().peerRole().name().toLowerCase(Locale.ROOT)
                            + (r.c().conflict() == IceProbe.Conflict.NONE ? "" : r.c().conflict() == IceProbe.Conflict.ICELAB_WINS
                                    ? "!" : "!0"),
                    r.expected() ? "connect" : "fail",
                    (r.connected() ? "connected" : "not connected") + (r.asExpected() ? "" : " (!)"),
                    r.connected() ? String.valueOf(r.connectMillis()) : "-", m, n, u);
        }
        boolean header = false;
        for (IceProbe.Result r : results) {
            List<String> lines = new java.util.ArrayList<>();
            if (!r.asExpected()) {
                lines.add("outcome: expected " + (r.expected() ? "a connection" : "no direct path") + ", "
                        + (r.connected() ? "connected" : "not connected (icelab: " + r.icelabPair() + ")"));
            }
            for (PeerObservations.Statement s : r.statements()) {
                if (s.verdict() == PeerObservations.Verdict.NOT_MET || detail == Detail.EVERY_STATEMENT) {
                    lines.add((detail == Detail.EVERY_STATEMENT ? s.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + ": " : "") + s.id() + " " + s.text() + ": " + s.detail());
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            if (!header) {
                out.println();
                out.println(detail == Detail.EVERY_STATEMENT ? "every statement:" : "not as expected, or not met:");
                header = true;
            }
            out.println("  agent behind " + r.c().peer().name() + ", icelab behind " + icelabSide(r.c()) + ", agent "
                    + r.c().peerRole().name().toLowerCase(Locale.ROOT) + conflict(r.c()) + ":");
            lines.forEach(l -> out.println("    " + l));
            r.notes().forEach(l -> out.println("    note: " + l));
        }
        out.println();
        if (results.stream().anyMatch(r -> r.c().conflict() != IceProbe.Conflict.NONE)) {
            out.println("role!: a role conflict, icelab in the agent's role with the larger tie-breaker; role!0: with 0");
        }
        out.printf(Locale.ROOT, "%d cases, %d as expected; statements met %d, not met %d, not observed %d%n",
                results.size(), asExpected, met, notMet, unseen);
        out.println(passed(results) ? "passed: every outcome as expected, every MUST met where observed"
                : "failed: an unexpected outcome or a MUST not met (above)");
        out.flush();
    }

    private static String conflict(IceProbe.Case c) {
        return switch (c.conflict()) {
            case NONE -> "";
            case ICELAB_WINS -> ", conflict: icelab's tie-breaker larger";
            case AGENT_WINS -> ", conflict: icelab's tie-breaker 0";
        };
    }

    private static String icelabSide(IceProbe.Case c) {
        return c.icelab().name() + (c.relay() == IceProbe.Relay.ICELAB ? " +TURN" : "");
    }

    /**
     * Whether every case came out as expected and no MUST statement was found not met (a SHOULD not met is
     * reported and passes).
     *
     * @param results the cases run
     * @return true when the agent passed
     */
    public static boolean passed(List<IceProbe.Result> results) {
        return results.stream().allMatch(r -> r.asExpected() && r.statements().stream()
                .noneMatch(s -> s.verdict() == PeerObservations.Verdict.NOT_MET && s.mandatory()));
    }
}
