package io.icelab.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A linted capture as an Allure test result: one test per capture (epic "Captures"), one step per
 * rule that found something, the capture itself and the message table attached. Ids derive from the
 * file name, so writing the same capture twice gives the same result.
 */
public final class ReplayResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayResults() {
    }

    public static void write(Path dir, CaptureAnalysis a, List<Finding> findings, long start, long stop)
            throws IOException {
        Files.createDirectories(dir);
        String name = a.file().getFileName().toString();
        String uuid = UUID.nameUUIDFromBytes(("replay " + a.file().toAbsolutePath()).getBytes(StandardCharsets.UTF_8))
                .toString();
        boolean failed = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR)
                || !a.decodeErrors().isEmpty() || !a.frameErrors().isEmpty();
        ObjectNode r = JSON.createObjectNode().put("uuid", uuid).put("historyId", uuid).put("name", "capture " + name)
                .put("fullName", "icelab.replay." + name).put("status", failed ? "failed" : "passed")
                .put("stage", "finished").put("start", start).put("stop", stop);
        ArrayNode labels = r.putArray("labels");
        labels.add(label("epic", "Captures")).add(label("feature", "replay and lint")).add(label("story", name))
                .add(label("suite", "Captures"));
        Map<String, List<Finding>> byRule = new TreeMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.rule(), k -> new java.util.ArrayList<>()).add(f));
        ArrayNode steps = r.putArray("steps");
        for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
            boolean error = e.getValue().stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
            ObjectNode step = JSON.createObjectNode().put("name", e.getKey() + ": " + e.getValue().size()
                    + " finding(s), first at frame " + e.getValue().get(0).frame() + ": " + e.getValue().get(0).text())
                    .put("status", error ? "failed" : "passed").put("stage", "finished").put("start", start)
                    .put("stop", stop);
            steps.add(step);
        }
        ArrayNode attachments = r.putArray("attachments");
        StringBuilder table = new StringBuilder();
        a.summary().forEach(x -> table.append(x).append('\n'));
        table.append('\n');
        findings.forEach(f -> table.append(f).append('\n'));
        Files.writeString(dir.resolve(uuid + "-summary-attachment.txt"), table, StandardCharsets.UTF_8);
        attachments.add(JSON.createObjectNode().put("name", "messages and findings")
                .put("source", uuid + "-summary-attachment.txt").put("type", "text/plain"));
        Files.writeString(dir.resolve(uuid + "-ladder-attachment.svg"), ladder(a), StandardCharsets.UTF_8);
        attachments.add(JSON.createObjectNode().put("name", "message ladder").put("source", uuid + "-ladder-attachment.svg")
                .put("type", "image/svg+xml"));
        if (Files.isRegularFile(a.file())) {
            Files.copy(a.file(), dir.resolve(uuid + "-capture-attachment.pcap"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            attachments.add(JSON.createObjectNode().put("name", name).put("source", uuid + "-capture-attachment.pcap")
                    .put("type", "application/vnd.tcpdump.pcap"));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(uuid + "-result.json").toFile(), r);
    }

    /** The capture's messages as a ladder, times from its first frame. */
    public static String ladder(CaptureAnalysis a) {
        long t0 = a.messages().stream().mapToLong(CapturedMessage::timeNanos).min().orElse(0);
        List<io.icelab.sim.LadderDiagram.Arrow> arrows = new java.util.ArrayList<>();
        List<CapturedMessage> ordered = new java.util.ArrayList<>(a.messages());
        ordered.sort(java.util.Comparator.comparingInt(CapturedMessage::frame));
        for (CapturedMessage m : ordered) {
            String label = m.content().label();
            if (m.content() instanceof CapturedMessage.Stun s && s.message().errorCode() > 0) {
                label += " " + s.message().errorCode();
            }
            arrows.add(new io.icelab.sim.LadderDiagram.Arrow(m.timeNanos() - t0, m.transport() + " #" + m.frame(),
                    m.source(), m.destination(), label));
        }
        return io.icelab.sim.LadderDiagram.svg(arrows, Map.of());
    }

    private static ObjectNode label(String name, String value) {
        return JSON.createObjectNode().put("name", name).put("value", value);
    }
}
