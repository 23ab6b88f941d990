package io.icelab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a project that depends on icelab gets (issue 15): the packaged jar and the project's POM, installed into
 * a local repository of their own, and a fresh Maven project that depends on them alone, built offline. Its
 * dependency tree must hold icelab and nothing else, and the README's library examples must compile in it and
 * print what the README says they print. Runs after {@code package} (surefire execution "consumer-project").
 */
@Tag("packaged")
class ConsumerProjectTest {
    /** {@code <!-- example: NAME prints "TEXT" -->} and the java block under it. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: (\\w+) prints \"((?:[^\"\\\\]|\\\\.)*)\" -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    record Example(String name, String prints, String source) {
    }

    static List<Example> readmeExamples(Path readme) throws IOException {
        List<Example> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(Files.readString(readme));
        while (m.find()) {
            out.add(new Example(m.group(1), m.group(2).replace("\\\"", "\""), m.group(3)));
        }
        return out;
    }

    @Test
    void aConsumerGetsIcelabAlone_andTheReadmeExamplesRun() throws Exception {
        Path mvn = onPath("mvn");
        assumeTrue(mvn != null, "needs Maven on the PATH (apt-get install maven)");
        String version = System.getProperty("icelab.version");
        Path jar = Paths.get(System.getProperty("icelab.mainJar", "target/icelab-" + version + ".jar"));
        Path localRepo = Paths.get(System.getProperty("icelab.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        assertThat(jar).as("the packaged jar (run after package)").isRegularFile();

        Path work = Paths.get("target/consumer-project").toAbsolutePath();
        deleteTree(work);
        Path repo = work.resolve("repo");
        shareExceptIcelab(localRepo, repo);
        // What `mvn install` writes for the project's artifact: the jar and the POM as they are.
        Path installed = repo.resolve("io/icelab/icelab/" + version);
        Files.createDirectories(installed);
        Files.copy(jar, installed.resolve("icelab-" + version + ".jar"));
        Files.copy(Paths.get("pom.xml"), installed.resolve("icelab-" + version + ".pom"));

        List<Example> examples = readmeExamples(Paths.get("README.md"));
        assertThat(examples).extracting(Example::name)
                .containsExactly("StunBinding", "TwoAgents", "TurnChannel", "SimulatedCall");
        Path project = work.resolve("consumer");
        Path src = project.resolve("src/main/java");
        Files.createDirectories(src);
        Files.writeString(project.resolve("pom.xml"), consumerPom(version));
        for (Example e : examples) {
            Files.writeString(src.resolve(e.name() + ".java"), e.source());
        }

        Path log = work.resolve("mvn.log");
        int rc = run(project, log, 300, mvn.toString(), "-o", "-B", "-Dmaven.repo.local=" + repo,
                "compile", "dependency:tree", "-DoutputFile=" + work.resolve("tree.txt"),
                "dependency:build-classpath", "-Dmdep.outputFile=" + work.resolve("classpath.txt"));
        assertThat(rc).as("the consumer builds offline:\n%s", tail(log)).isZero();

        List<String> tree = Files.readAllLines(work.resolve("tree.txt"));
        assertThat(tree).as("the consumer's dependency tree").hasSize(2);
        assertThat(tree.get(1)).isEqualTo("\\- io.icelab:icelab:jar:" + version + ":compile");
        String classpath = Files.readString(work.resolve("classpath.txt")).strip();
        assertThat(classpath.split(File.pathSeparator)).singleElement().asString().endsWith("icelab-" + version + ".jar");

        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (Example e : examples) {
            Path out = work.resolve(e.name() + ".out");
            int exit = run(project, out, 60, java, "-cp", project.resolve("target/classes") + File.pathSeparator + classpath,
                    e.name());
            String printed = Files.readString(out);
            assertThat(exit).as("%s exits cleanly:\n%s", e.name(), printed).isZero();
            assertThat(printed).as(e.name()).contains(e.prints());
        }
    }

    private static String consumerPom(String version) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>io.icelab</groupId>
                      <artifactId>icelab</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <!-- the versions icelab's own build uses, so an offline build finds them -->
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
                      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(version);
    }

    /** A local repository that reads everything from {@code shared} but has an {@code io/icelab} of its own. */
    private static void shareExceptIcelab(Path shared, Path repo) throws IOException {
        Files.createDirectories(repo.resolve("io"));
        try (Stream<Path> top = Files.list(shared)) {
            for (Path p : top.sorted().toList()) {
                if (!p.getFileName().toString().equals("io")) {
                    Files.createSymbolicLink(repo.resolve(p.getFileName().toString()), p);
                }
            }
        }
        if (Files.isDirectory(shared.resolve("io"))) {
            try (Stream<Path> io = Files.list(shared.resolve("io"))) {
                for (Path p : io.sorted().toList()) {
                    if (!p.getFileName().toString().equals("icelab")) {
                        Files.createSymbolicLink(repo.resolve("io").resolve(p.getFileName().toString()), p);
                    }
                }
            }
        }
    }

    private static int run(Path dir, Path output, long timeoutSeconds, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + tail(output));
        }
        return p.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Deletes a tree without following its symbolic links (the shared repository stays as it is). */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
