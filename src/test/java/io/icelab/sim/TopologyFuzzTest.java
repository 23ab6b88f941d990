package io.icelab.sim;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target of topology loading (issue 13): YAML text is a scenario or a TopologyException naming
 * file:line and field, and a scenario that loads runs a second of virtual time.
 */
class TopologyFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void topology(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Scenario s;
        try {
            s = Scenario.build(Yaml.parse("fuzz.yaml", new StringReader(text)), 1, null);
        } catch (TopologyException e) {
            return;
        }
        try {
            s.simulation().runUntil(SimTime.S);
        } catch (SimulationStalledException e) {
            // a topology that cannot make progress: reported, not a crash
        }
    }
}
