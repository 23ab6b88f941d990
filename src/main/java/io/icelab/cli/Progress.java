package io.icelab.cli;

import io.icelab.harness.UndefinedSteps;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Counts and prints scenarios as they finish, and remembers each requirement's outcome. */
final class Progress implements TestExecutionListener {
    private final PrintWriter out;
    private final Path undefinedFile;
    int passed;
    int failed;
    int skipped;
    private final Map<String, Boolean> requirements = new LinkedHashMap<>();
    private final Map<String, List<String>> claims = new LinkedHashMap<>();

    Progress(PrintWriter out, Path undefinedFile) {
        this.out = out;
        this.undefinedFile = undefinedFile;
    }

    int total() {
        return passed + failed + skipped;
    }

    Map<String, Boolean> requirementResults() {
        return requirements;
    }

    Map<String, List<String>> scenarios() {
        return claims;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            skipped++;
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (ok) {
            passed++;
        } else {
            failed++;
            out.println("FAIL " + id.getDisplayName() + ": " + message(id, result));
        }
        id.getTags().forEach(t -> {
            if (t.getName().startsWith("req:")) {
                requirements.merge(t.getName().substring(4), ok, Boolean::logicalAnd);
                claims.computeIfAbsent(t.getName().substring(4), k -> new java.util.ArrayList<>())
                        .add((ok ? "PASS " : "FAIL ") + id.getDisplayName() + " (" + RunCommand.where(id) + ")");
            }
        });
        if (total() % 25 == 0) {
            out.println(String.format("  %d scenarios: %d passed, %d failed", total(), passed, failed));
        }
        out.flush();
    }

    private String message(TestIdentifier id, TestExecutionResult result) {
        try {
            String undefined = UndefinedSteps.read(undefinedFile).get(RunCommand.key(id));
            if (undefined != null) {
                return undefined;
            }
        } catch (IOException e) {
            // fall back to the engine's message
        }
        return result.getThrowable().map(Throwable::getMessage).orElse("").strip().replace('\n', ' ');
    }
}
