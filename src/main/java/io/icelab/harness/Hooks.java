package io.icelab.harness;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.icelab.ice.Candidate;
import io.icelab.sim.CaptureFormat;
import io.icelab.sim.IceHost;
import io.icelab.sim.PcapCapture;
import io.icelab.sim.SimTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Seeds each scenario and attaches its evidence: seed and rerun command, pcap, ladder, timeline, pairs. */
public final class Hooks {
    private final World world;

    public Hooks(World world) {
        this.world = world;
    }

    @Before(order = 0)
    public void seed(Scenario scenario) {
        world.start(scenario.getUri().toString(), scenario.getLine());
    }

    @After
    public void attach(Scenario scenario) {
        String header = "seed " + world.seed + "\nrerun: " + world.rerun() + "\n";
        scenario.attach(header.getBytes(StandardCharsets.UTF_8), "text/plain", "seed and rerun command");
        if (scenario.isFailed()) {
            System.err.println("FAILED " + scenario.getName() + " (" + world.featurePath + ":" + world.line + ")");
            System.err.println("  seed " + world.seed + "; reproduce with: " + world.rerun());
        }
        if (world.sim == null) {
            return;
        }
        // Evidence only where there is some: a scenario that failed before any packet attaches no empty capture.
        if (!world.recorder.packets().isEmpty()) {
            scenario.attach(pcapng(), "application/x-pcapng", fileName(scenario.getName()) + ".pcapng");
            List<io.icelab.sim.LadderDiagram.Arrow> arrows = new java.util.ArrayList<>();
            for (Recorder.Captured c : world.recorder.packets()) {
                arrows.add(io.icelab.sim.LadderDiagram.arrow(c.timeNanos(), c.realm(), c.packet()));
            }
            scenario.attach(io.icelab.sim.LadderDiagram.svg(arrows, world.names).getBytes(StandardCharsets.UTF_8),
                    "image/svg+xml", "message ladder");
        }
        String timeline = world.sim.log().text();
        if (!timeline.isBlank()) {
            scenario.attach(timeline.getBytes(StandardCharsets.UTF_8), "text/plain", "event timeline");
        }
        if (!world.ice.isEmpty()) {
            scenario.attach(pairs().getBytes(StandardCharsets.UTF_8), "text/plain", "selected pairs");
        }
    }

    /** The scenario's packets as pcapng, one interface per realm named after it. */
    private byte[] pcapng() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (PcapCapture c = new PcapCapture(out, CaptureFormat.PCAPNG, java.util.Set.of())) {
            for (Recorder.Captured p : world.recorder.packets()) {
                c.packet(p.timeNanos(), p.realm(), p.packet());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The scenario's name as a file name: letters, digits, dots and dashes, at most 80 characters. */
    static String fileName(String scenarioName) {
        String s = scenarioName.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        s = s.length() > 80 ? s.substring(0, 80).replaceAll("-+$", "") : s;
        return s.isEmpty() ? "scenario" : s;
    }

    private String pairs() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, IceHost> e : world.ice.entrySet()) {
            IceHost h = e.getValue();
            Candidate[] p = h.selected(1);
            sb.append(e.getKey()).append(": ").append(h.agent().componentState(1, 1)).append(", role ")
                    .append(h.agent().role());
            if (p != null) {
                sb.append(", selected ").append(p[0]).append(" -> ").append(p[1]);
            }
            if (h.connected()) {
                sb.append(", connected at ").append(SimTime.format(h.connectedAt())).append(" s");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
