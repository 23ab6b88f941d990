package io.icelab.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the project guide: stun ← turn ← ice (JDK only) ← sim ← harness, replay ← cli;
 * net uses the core only. The core also never reads a clock or starts a thread.
 */
class LayeringTest {
    static JavaClasses imported;

    @BeforeAll
    static void load() {
        imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.icelab");
    }

    /**
     * Each package and what it may depend on, written once (beside the JDK): the layering stun ← turn ← ice
     * (JDK only) ← sim ← harness, replay ← cli; net uses the core only. Third-party libraries are named
     * per package; a package not in the list may not be depended on at all.
     */
    static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        List<String> core = List.of("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..");
        ALLOWED.put("io.icelab.stun..", List.of("io.icelab.stun..", "javax.crypto.."));
        ALLOWED.put("io.icelab.turn..", List.of("io.icelab.stun..", "io.icelab.turn..", "javax.crypto.."));
        ALLOWED.put("io.icelab.ice..", concat(core, "javax.crypto.."));
        // the one driver loop, beside the SansIo contract: used by the simulator and the socket runtime alike
        ALLOWED.put("io.icelab.loop..", List.of("io.icelab.stun..", "io.icelab.loop.."));
        // the runtime also runs TLS (RFC 8656 §3.1 turns:) with the JDK's own javax.net.ssl
        ALLOWED.put("io.icelab.net..", concat(core, "io.icelab.loop..", "io.icelab.net..", "javax.net.ssl.."));
        // the simulator's engine needs the core only; its YAML and pcap edges are the two classes below
        ALLOWED.put("io.icelab.sim..", concat(core, "io.icelab.loop..", "io.icelab.sim..", "org.yaml.snakeyaml..", "org.pcap4j.packet..",
                "org.pcap4j.util.."));
        ALLOWED.put("io.icelab.harness..", concat(core, "io.icelab.sim..", "io.icelab.harness..", "io.cucumber..",
                "org.assertj..", "com.fasterxml.jackson..", "org.yaml.snakeyaml.."));
        // live probes of other implementations (issue 19): the simulator's NAT decisions between real sockets
        ALLOWED.put("io.icelab.probe..", concat(core, "io.icelab.loop..", "io.icelab.net..", "io.icelab.sim..",
                "io.icelab.probe.."));
        ALLOWED.put("io.icelab.replay..", concat(core, "io.icelab.sim..", "io.icelab.replay..",
                "com.fasterxml.jackson..", "org.yaml.snakeyaml.."));
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void eachPackageDependsOnlyOnWhatItsLayerAllows() {
        ALLOWED.forEach((pkg, allowed) -> {
            List<String> ok = concat(allowed, "java..");
            classes().that().resideInAPackage(pkg)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(ok.toArray(String[]::new))
                    .as(pkg + " depends only on " + allowed + " and the JDK")
                    .check(imported);
        });
    }

    /** The simulator's engine uses no third-party library: YAML reading and pcap writing stay at its edge. */
    @Test
    void theSimulatorsEngineUsesNoThirdPartyLibrary() {
        noClasses().that().resideInAPackage("io.icelab.sim..")
                .and().doNotHaveFullyQualifiedName("io.icelab.sim.Yaml")
                .and().doNotHaveFullyQualifiedName("io.icelab.sim.PcapCapture")
                .and(not(nameStartingWith("io.icelab.sim.Yaml$")))
                .and(not(nameStartingWith("io.icelab.sim.PcapCapture$")))
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.icelab..")
                .check(imported);
    }

    /** The core and the simulator open no sockets or channels: the drivers do (sans-IO). */
    @Test
    void theCoreAndSimulatorUseNoSockets() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..",
                        "io.icelab.loop..", "io.icelab.sim..")
                .should().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.MulticastSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .check(imported);
    }

    /** All randomness is injected, and nothing reads the environment: same seed, same run. */
    @Test
    void theCoreAndSimulatorMakeNoRandomnessAndReadNoEnvironment() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..",
                        "io.icelab.loop..", "io.icelab.sim..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .check(imported);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            nameStartingWith(String prefix) {
        return com.tngtech.archunit.base.DescribedPredicate.describe("named " + prefix + "…",
                c -> c.getName().startsWith(prefix));
    }

    /** Issue 12: no native library on any main path; pcap4j only for its pure-Java packet classes. */
    @Test
    void nothingUsesLibpcapOrJna() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.pcap4j.core..", "com.sun.jna..")
                .check(imported);
    }

    @Test
    void theRulesCatchAViolation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.icelab.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(imported))
                .isInstanceOf(AssertionError.class).hasMessageContaining("picocli");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.icelab.net..")
                .should().callMethod(System.class, "nanoTime").check(imported))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SocketRuntime");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes().that().resideInAPackage("io.icelab.ice..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.icelab.stun..", "io.icelab.ice..")
                .check(imported))
                .isInstanceOf(AssertionError.class).hasMessageContaining("io.icelab.turn");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.icelab.net..")
                .should().dependOnClassesThat().resideInAPackage("java.nio.channels..").check(imported))
                .isInstanceOf(AssertionError.class).hasMessageContaining("DatagramChannel");
    }

    @Test
    void theCoreAndSimulatorReadNoClockAndStartNoThread() {
        noClasses().that().resideInAnyPackage("io.icelab.stun..", "io.icelab.turn..", "io.icelab.ice..",
                        "io.icelab.loop..", "io.icelab.sim..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .check(imported);
    }
}
