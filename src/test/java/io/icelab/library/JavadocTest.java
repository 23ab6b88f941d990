package io.icelab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The public API of the stack ({@code stun}, {@code turn}, {@code ice}, {@code net}) as javadoc, into
 * {@code target/apidocs}, with {@code -Xdoclint:all} and not one warning: every public element has its comment
 * and its {@code @param}, {@code @return} and {@code @throws} tags.
 */
class JavadocTest {
    static final List<String> PACKAGES = List.of("io.icelab.stun", "io.icelab.turn", "io.icelab.ice", "io.icelab.net");
    /** Missing comments and tags on public elements: none (411 when this test was written, 0 since). */
    static final int MISSING_AT_MOST = 0;

    @Test
    void theStacksApiDocumentation_buildsWithoutWarnings() throws Exception {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        assumeTrue(tool != null, "needs a JDK, not a JRE (apt-get install openjdk-17-jdk-headless)");
        Path out = Paths.get("target/apidocs");
        Files.createDirectories(out);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter printed = new StringWriter();
        List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-sourcepath", "src/main/java",
                "-Xdoclint:all", "-Xmaxwarns", "100000", "-quiet", "-notimestamp", "-encoding", "UTF-8",
                "-windowtitle", "icelab: the stack"));
        options.addAll(PACKAGES);
        try (StandardJavaFileManager files = tool.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = tool.getTask(printed, files, diagnostics, null, options, null).call();
            List<String> other = new ArrayList<>();
            int missing = 0;
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.NOTE) {
                    continue;
                }
                String message = d.getMessage(Locale.ROOT);
                if (message.startsWith("no comment") || message.startsWith("no @")) {
                    missing++;
                } else {
                    other.add((d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                            + message);
                }
            }
            assertThat(other).as("doclint findings other than missing comments\n%s", printed).isEmpty();
            assertThat(ok).as("javadoc ran\n%s", printed).isTrue();
            assertThat(missing).as("public elements without a comment or a tag (lower MISSING_AT_MOST when this drops)")
                    .isLessThanOrEqualTo(MISSING_AT_MOST);
            System.out.println("javadoc: " + PACKAGES + " -> " + out + ", " + missing + " missing comments or tags");
        }
        assertThat(out.resolve("io/icelab/ice/package-summary.html")).content().contains("RFC 8445");
    }
}
