package io.icelab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile files: names, lookup beside the topology, and the edges of each value's range. */
class NatProfilesTest {
    @TempDir
    Path dir;

    private NatConfig profile(String behaviour) throws IOException {
        Files.writeString(dir.resolve("p.yaml"), "name: p\nrfc4787:\n" + behaviour.indent(2));
        return NatProfiles.load("p", dir);
    }

    @Test
    void names_areTheBuiltInOnes_plusTheYamlFilesOfTheDirectory_sorted() throws IOException {
        assertThat(NatProfiles.names(null)).contains("cgn", "symmetric").noneMatch(n -> n.startsWith("#") || n.isBlank());
        Files.writeString(dir.resolve("aaa-local.yaml"), "name: aaa-local\n");
        Files.writeString(dir.resolve("notes.txt"), "not a profile\n");
        assertThat(NatProfiles.names(dir)).startsWith("aaa-local").contains("cgn").doesNotContain("notes", "notes.txt",
                "aaa-local.yaml");
    }

    @Test
    void aBadName_andAnUnknownName_sayWhy() {
        assertThatThrownBy(() -> NatProfiles.load("Full_Cone", null)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("lower-case words with dashes");
        assertThatThrownBy(() -> NatProfiles.load("no-such-nat", dir)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("no NAT profile 'no-such-nat'").hasMessageContaining("cgn, full-cone");
        assertThat(NatProfiles.load("full-cone", null).filtering()).isEqualTo(NatConfig.Dependence.ENDPOINT_INDEPENDENT);
    }

    @Test
    void portRange_edges() throws IOException {
        NatConfig all = profile("port-range: 1-65535");
        assertThat(all.portMin()).isEqualTo(1);
        assertThat(all.portMax()).isEqualTo(65535);
        assertThat(profile("port-range: 40000-40000").portMax()).isEqualTo(40000);
        for (String bad : new String[] {"0-100", "1-65536", "40001-40000", "1-2-3", "a-b"}) {
            assertThatThrownBy(() -> profile("port-range: " + bad)).as(bad).isInstanceOf(TopologyException.class)
                    .hasMessageContaining(bad);
        }
    }

    /** RFC 5382: the profiles' TCP blocks, RFC defaults without one, and a bad value named with its line. */
    @Test
    void rfc5382Block_setsTheTcpPolicy() throws IOException {
        NatConfig linux = NatProfiles.load("linux-masquerade", null);
        assertThat(linux.tcp()).isEqualTo(new NatConfig.TcpPolicy(432000 * SimTime.S, 120 * SimTime.S,
                NatConfig.UnsolicitedSyn.RESET));
        assertThat(NatProfiles.load("port-restricted-cone", null).tcp()).isEqualTo(NatConfig.TcpPolicy.RFC5382);
        assertThat(profile("mapping: endpoint-independent").tcp()).isEqualTo(NatConfig.TcpPolicy.RFC5382);
        Files.writeString(dir.resolve("t.yaml"), "name: t\nrfc4787:\n  mode: napt\nrfc5382:\n  transitory-timeout: 0s\n");
        assertThatThrownBy(() -> NatProfiles.load("t", dir)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("t.yaml:5").hasMessageContaining("must be longer than zero");
        Files.writeString(dir.resolve("u.yaml"), "name: u\nrfc4787:\n  mode: napt\nrfc5382:\n  unsolicited-syn: icmp\n");
        assertThatThrownBy(() -> NatProfiles.load("u", dir)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("icmp").hasMessageContaining("drop");
    }

    @Test
    void mappingLifetime_mustBeLongerThanZero() throws IOException {
        assertThat(profile("mapping-lifetime: 1ms").mappingLifetimeNanos()).isEqualTo(SimTime.MS);
        assertThatThrownBy(() -> profile("mapping-lifetime: 0s")).isInstanceOf(TopologyException.class)
                .hasMessageContaining("must be longer than zero");
    }

    @Test
    void config_edgesOfItsRanges() {
        NatConfig r = NatConfig.recommended();
        assertThat(r.withPorts(r.portAssignment(), r.collision(), false, 1, 65535).portMin()).isEqualTo(1);
        assertThat(r.withPorts(r.portAssignment(), r.collision(), false, 7, 7).portMax()).isEqualTo(7);
        assertThatThrownBy(() -> r.withPorts(r.portAssignment(), r.collision(), false, 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withPorts(r.portAssignment(), r.collision(), false, 10, 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withPorts(r.portAssignment(), r.collision(), false, 11, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(r.withLimits(0, 0).tableLimit()).isZero();
        assertThatThrownBy(() -> r.withLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withLimits(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.withLifetime(1, NatConfig.Refresh.BOTH).mappingLifetimeNanos()).isEqualTo(1);
        assertThatThrownBy(() -> r.withLifetime(0, NatConfig.Refresh.BOTH)).isInstanceOf(IllegalArgumentException.class);
    }
}
