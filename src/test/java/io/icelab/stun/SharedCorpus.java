package io.icelab.stun;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public captures and vectors in {@code ../shared/captures/public}, read in place. A user's clone
 * has no {@code ../shared}: tests that need it are then skipped, saying why.
 */
public final class SharedCorpus {
    private SharedCorpus() {
    }

    public static Path root() {
        String configured = System.getProperty("icelab.shared");
        Path base = configured != null ? Path.of(configured) : Path.of("..", "shared");
        return base.resolve("captures").resolve("public");
    }

    /** The path of a corpus file; skips the calling test when the corpus is not there. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.isReadable(p), "shared corpus absent (" + p.toAbsolutePath().normalize()
                + "): this clone has no ../shared/captures/public, so the corpus tests are skipped");
        return p;
    }
}
