package io.icelab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Topology and profile files: every shipped one loads; bad ones fail naming file, line and field. */
class ScenarioLoaderTest {
    static final Path PROFILES = Path.of("scenarios", "nat-profiles");

    static Scenario parse(String yaml) {
        return Scenario.build(Yaml.parse("t.yaml", new StringReader(yaml)), 1, PROFILES);
    }

    static final String GOOD = String.join("\n",
            "name: t",
            "root: internet",
            "nats:",
            "  - { name: home, behind: internet, profile: full-cone, external: [203.0.113.1] }",
            "hosts:",
            "  - name: a",
            "    interfaces:",
            "      - { realm: home, address: 192.168.1.2, up: { latency: 10ms } }",
            "");

    @Test
    void everyShippedTopologyLoadsAndRuns() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("scenarios", "topologies"), "*.yaml")) {
            for (Path p : dir) {
                Scenario s = Scenario.load(p, 1);
                s.simulation().runUntil(10 * SimTime.S);
                assertThat(s.simulation().eventsExecuted()).as(p.toString()).isPositive();
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyShippedProfileLoads_fromTheFolderAndFromTheJar() throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROFILES, "*.yaml")) {
            for (Path p : dir) {
                String name = p.getFileName().toString().replace(".yaml", "");
                assertThat(NatProfiles.load(name, PROFILES)).as(name).isEqualTo(NatProfiles.load(name, null));
            }
        }
        NatConfig prc = NatProfiles.load("port-restricted-cone", PROFILES);
        assertThat(prc.mapping()).isEqualTo(NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        assertThat(prc.filtering()).isEqualTo(NatConfig.Dependence.ADDRESS_AND_PORT_DEPENDENT);
        NatConfig cgn = NatProfiles.load("cgn", PROFILES);
        assertThat(cgn.perHostQuota()).isEqualTo(2000);
        assertThat(NatProfiles.load("linux-masquerade", PROFILES).mappingLifetimeNanos()).isEqualTo(30 * SimTime.S);
        assertThat(NatProfiles.load("no-nat", PROFILES).mode()).isEqualTo(NatConfig.Mode.ROUTER);
    }

    @Test
    void aGoodInlineTopology() {
        Scenario s = parse(GOOD);
        assertThat(s.simulation().host("a").iface(0).up().impairments().latencyNanos()).isEqualTo(10 * SimTime.MS);
        assertThat(s.simulation().nat("home").config().filtering()).isEqualTo(NatConfig.Dependence.ENDPOINT_INDEPENDENT);
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThatThrownBy(() -> parse(GOOD.replace("latency: 10ms", "latency: 10 parsecs")))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("t.yaml:8: hosts[0].interfaces[0].up.latency: '10 parsecs' is not a duration");
        assertThatThrownBy(() -> parse(GOOD.replace("address: 192.168.1.2", "address: 192.168.1.300")))
                .hasMessageStartingWith("t.yaml:8: hosts[0].interfaces[0].address: '192.168.1.300' is not an IP address");
        assertThatThrownBy(() -> parse(GOOD.replace("address: 192.168.1.2", "address: example.com")))
                .hasMessageContaining("'example.com' is not an IP address");
        assertThatThrownBy(() -> parse(GOOD.replace("up: { latency", "upp: { latency")))
                .hasMessageStartingWith("t.yaml:8: hosts[0].interfaces[0].upp: unknown field");
        assertThatThrownBy(() -> parse(GOOD.replace("profile: full-cone", "profile: tortoise")))
                .hasMessageStartingWith("t.yaml:4: nats[0].profile:").hasMessageContaining("no NAT profile 'tortoise'");
        assertThatThrownBy(() -> parse(GOOD.replace("realm: home", "realm: office")))
                .hasMessageStartingWith("t.yaml:8: hosts[0].interfaces[0].realm: no realm 'office'");
        assertThatThrownBy(() -> parse(GOOD.replace("name: t\n", "")))
                .hasMessageStartingWith("t.yaml:1: (top): missing required field 'name'");
        assertThatThrownBy(() -> parse(GOOD + "events:\n  - { at: 1s, nat: home, action: explode }\n"))
                .hasMessageStartingWith("t.yaml:10: events[0].action: 'explode' is not one of [reboot, change-external]");
        assertThatThrownBy(() -> parse(GOOD.replace("up: { latency: 10ms }", "up: { loss: 1.5 }")))
                .hasMessageContaining("up.loss: '1.5' is not a probability");
        assertThatThrownBy(() -> parse("name: [unclosed\n")).hasMessageStartingWith("t.yaml:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse(GOOD + "  - name: a\n    interfaces: []\n"))
                .hasMessageContaining("the name 'a' is used twice");
    }

    @Test
    void profileOverrides_applyOnTopOfTheProfile() {
        Scenario s = parse(GOOD.replace("profile: full-cone,", "profile: full-cone, overrides: { hairpinning: false, port-range: 40000-40999 },"));
        NatConfig c = s.simulation().nat("home").config();
        assertThat(c.hairpinning()).isFalse();
        assertThat(c.portMin()).isEqualTo(40000);
        assertThat(c.filtering()).isEqualTo(NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        assertThatThrownBy(() -> parse(GOOD.replace("profile: full-cone,", "profile: full-cone, overrides: { mapping: sticky },")))
                .hasMessageContaining("overrides.mapping: 'sticky' is not one of");
    }
}
