package io.icelab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the project guide: stun ← turn ← ice (JDK only) ← sim ← harness, replay ← cli;
 * net uses the core only. The core also never reads a clock or starts a thread.
 */
class LayeringTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.icelab");
    }

    @Test
    void theCoreUsesOnlyTheJdk() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax.crypto..",
                        "io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..")
                .check(classes);
    }

    @Test
    void stunDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.icelab.stun..")
                .should().dependOnClassesThat().resideInAnyPackage("io.icelab.turn..", "io.icelab.ice..")
                .check(classes);
    }

    @Test
    void turnDoesNotDependOnIce() {
        noClasses().that().resideInAPackage("io.icelab.turn..")
                .should().dependOnClassesThat().resideInAPackage("io.icelab.ice..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theCoreImportsNoDriver() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..")
                .should().dependOnClassesThat().resideInAnyPackage("io.icelab.sim..", "io.icelab.net..",
                        "io.icelab.harness..", "io.icelab.replay..", "io.icelab.cli..")
                .check(classes);
    }

    @Test
    void netUsesTheCoreOnly() {
        noClasses().that().resideInAPackage("io.icelab.net..")
                .should().dependOnClassesThat().resideInAnyPackage("io.icelab.sim..", "io.icelab.harness..",
                        "io.icelab.replay..", "io.icelab.cli..")
                .check(classes);
    }

    @Test
    void simDoesNotReachUp() {
        noClasses().that().resideInAPackage("io.icelab.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("io.icelab.net..", "io.icelab.harness..",
                        "io.icelab.replay..", "io.icelab.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void harnessAndReplayDoNotDependOnTheCli() {
        noClasses().that().resideInAnyPackage("io.icelab.harness..", "io.icelab.replay..")
                .should().dependOnClassesThat().resideInAPackage("io.icelab.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** Issue 12: no native library on any main path; pcap4j only for its pure-Java packet classes. */
    @Test
    void nothingUsesLibpcapOrJna() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.pcap4j.core..", "com.sun.jna..")
                .check(classes);
    }

    @Test
    void theRulesCatchAViolation_theCliDependsOnPicocliAndTheNetRuntimeReadsTheClock() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.icelab.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("picocli");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.icelab.net..")
                .should().callMethod(System.class, "nanoTime").check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SocketRuntime");
    }

    @Test
    void theCoreAndSimulatorReadNoClockAndStartNoThread() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..",
                        "io.icelab.sim..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .check(classes);
    }
}
