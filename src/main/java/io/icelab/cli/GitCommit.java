package io.icelab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The commit a checkout is at, read from its .git folder (no git process); "unknown" outside a checkout. */
final class GitCommit {
    private GitCommit() {
    }

    static String of(Path root) {
        try {
            Path git = root.resolve(".git");
            if (Files.isRegularFile(git)) { // a worktree: "gitdir: PATH"
                String link = Files.readString(git, StandardCharsets.UTF_8).strip();
                if (!link.startsWith("gitdir:")) {
                    return "unknown";
                }
                git = root.resolve(link.substring(7).strip());
            }
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            if (!head.startsWith("ref:")) {
                return hex(head);
            }
            String ref = head.substring(4).strip();
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return hex(Files.readString(loose, StandardCharsets.UTF_8).strip());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return hex(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a checkout, or an unreadable one: the report says so
        }
        return "unknown";
    }

    private static String hex(String s) {
        return s.matches("[0-9a-f]{40}") ? s.substring(0, 12) : "unknown";
    }
}
