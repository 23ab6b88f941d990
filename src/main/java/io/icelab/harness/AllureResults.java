package io.icelab.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites allure-cucumber7-jvm's results for a conformance report: the tags {@code epic:RFC},
 * {@code feature:SECTION} and {@code req:ID} become the epic, feature and story labels (so the
 * behaviours view is the RFC matrix), and the evidence the After hook attached (seed, pcap, ladder,
 * timeline) moves from the tear-down fixture onto the test itself. Also adds the coverage summary.
 */
public final class AllureResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllureResults() {
    }

    /**
     * {@code undefined}: scenario ({@code /abs/features/x.feature:LINE}) to the message of its first undefined
     * step (see {@link UndefinedSteps}); those scenarios become failed with that message, not "unknown".
     */
    public static int enrich(Path dir, Map<String, String> undefined, Requirements reqs) throws IOException {
        Map<String, ArrayNode> afters = new LinkedHashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*-container.json")) {
            for (Path f : s) {
                JsonNode c = JSON.readTree(f.toFile());
                ArrayNode atts = JSON.createArrayNode();
                boolean renamed = false;
                for (JsonNode after : c.path("afters")) {
                    for (JsonNode a : after.path("attachments")) {
                        renamed |= withExtension(dir, (ObjectNode) a);
                        atts.add(a);
                    }
                }
                if (renamed) {
                    JSON.writeValue(f.toFile(), c);
                }
                for (JsonNode child : c.path("children")) {
                    afters.computeIfAbsent(child.asText(), k -> JSON.createArrayNode()).addAll(atts);
                }
            }
        }
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*-result.json")) {
            for (Path f : s) {
                ObjectNode r = (ObjectNode) JSON.readTree(f.toFile());
                relabel(r, reqs);
                String message = undefined.get(location(r.path("fullName").asText()));
                if (message != null) {
                    failUndefined(r, message);
                }
                ArrayNode mine = afters.get(r.path("uuid").asText());
                if (mine != null && !mine.isEmpty()) {
                    ArrayNode atts = r.has("attachments") ? (ArrayNode) r.get("attachments") : r.putArray("attachments");
                    Set<String> have = new HashSet<>();
                    atts.forEach(a -> have.add(a.path("source").asText()));
                    mine.forEach(a -> {
                        if (have.add(a.path("source").asText())) {
                            atts.add(a);
                        }
                    });
                }
                JSON.writeValue(f.toFile(), r);
                n++;
            }
        }
        return n;
    }

    /**
     * Gives an attachment whose name ends in a file extension (the scenario's {@code NAME.pcapng}) a source
     * file with that extension too, so that it downloads as a file Wireshark opens. True when renamed.
     */
    /**
     * Gives the results this seed's run wrote (those not in {@code seen}, which it then holds too) the seed as a
     * parameter and a history id of their own. Allure counts results sharing a history id as retries of one test:
     * without this a sweep's report would count each scenario once and show its other seeds only as retries.
     *
     * @param dir the results folder
     * @param seed the seed the run used
     * @param seen the result files already marked; updated
     * @return how many results were marked
     * @throws IOException when a result cannot be read or written
     */
    public static int markSeed(Path dir, long seed, Set<Path> seen) throws IOException {
        List<Path> fresh;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            fresh = s.filter(p -> p.getFileName().toString().endsWith("-result.json") && !seen.contains(p))
                    .sorted().toList();
        }
        for (Path f : fresh) {
            ObjectNode r = (ObjectNode) JSON.readTree(f.toFile());
            ArrayNode params = r.has("parameters") && r.get("parameters").isArray()
                    ? (ArrayNode) r.get("parameters") : r.putArray("parameters");
            params.addObject().put("name", "seed").put("value", Long.toString(seed));
            r.put("historyId", md5Hex(r.path("historyId").asText() + " seed " + seed));
            Files.writeString(f, JSON.writeValueAsString(r), StandardCharsets.UTF_8);
            seen.add(f);
        }
        return fresh.size();
    }

    private static String md5Hex(String s) {
        try {
            return io.icelab.stun.Bytes.wrap(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).hex();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    private static boolean withExtension(Path dir, ObjectNode attachment) throws IOException {
        String name = attachment.path("name").asText();
        String source = attachment.path("source").asText();
        String extension = ".pcapng";
        if (!name.endsWith(extension) || source.endsWith(extension) || !Files.isRegularFile(dir.resolve(source))) {
            return false;
        }
        String renamed = source + extension;
        Files.move(dir.resolve(source), dir.resolve(renamed));
        attachment.put("source", renamed);
        return true;
    }

    /** Allure's fullName of a Cucumber scenario, {@code ///abs/x.feature:LINE}, as {@code /abs/x.feature:LINE}. */
    private static String location(String fullName) {
        int colon = fullName.lastIndexOf(':');
        if (colon <= 0 || fullName.startsWith("icelab.")) {
            return fullName;
        }
        return World.location(fullName.substring(0, colon)) + fullName.substring(colon);
    }

    private static void failUndefined(ObjectNode r, String message) {
        r.put("status", "failed");
        r.putObject("statusDetails").put("message", message);
        for (JsonNode step : r.path("steps")) {
            if (!step.has("status") || step.path("status").isNull()) {
                ((ObjectNode) step).put("status", "failed");
                ((ObjectNode) step).putObject("statusDetails").put("message", message);
                break;
            }
        }
    }

    /**
     * One epic per RFC: a scenario sits under the RFC of its first @req tag, the section as the feature and
     * that requirement (id and gist) as the story, so the behaviours tree counts each scenario once; every
     * requirement it claims becomes a link to its RFC section. Scenarios without @req keep their @epic and
     * @feature tags.
     */
    private static void relabel(ObjectNode r, Requirements reqs) {
        ArrayNode labels = (ArrayNode) r.path("labels");
        List<String> tags = new java.util.ArrayList<>();
        labels.forEach(l -> {
            if (l.path("name").asText().equals("tag")) {
                tags.add(l.path("value").asText());
            }
        });
        List<String> claimed = tags.stream().filter(t -> t.startsWith("req:")).map(t -> t.substring(4)).toList();
        Requirements.Requirement primary = claimed.isEmpty() ? null : reqs.all().get(claimed.get(0));
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode l : labels) {
            String name = l.path("name").asText();
            if (!name.equals("epic") && !name.equals("feature") && !name.equals("story")) {
                out.add(l);
            }
        }
        if (primary != null) {
            out.add(label("epic", primary.rfc()));
            out.add(label("feature", primary.rfc() + " §" + Requirements.section(primary.id())));
            out.add(label("story", primary.id() + " " + primary.summary()));
        } else {
            for (String t : tags) {
                if (t.startsWith("epic:")) {
                    out.add(label("epic", t.substring(5)));
                } else if (t.startsWith("feature:")) {
                    out.add(label("feature", t.substring(8)));
                }
            }
        }
        r.set("labels", out);
        ArrayNode links = r.has("links") ? (ArrayNode) r.get("links") : r.putArray("links");
        for (String id : claimed) {
            Requirements.Requirement q = reqs.all().get(id);
            if (q != null) {
                links.add(JSON.createObjectNode().put("name", id).put("type", "requirement").put("url", Requirements.url(q)));
            }
        }
    }

    private static ObjectNode label(String name, String value) {
        return JSON.createObjectNode().put("name", name).put("value", value);
    }

    /**
     * Deletes what an earlier run wrote into {@code dir} (Allure's result, container and attachment files,
     * nothing else), so a run's report shows that run only. Returns how many files went.
     */
    public static int clearPrevious(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f) && (n.endsWith("-result.json") || n.endsWith("-container.json")
                        || n.matches(".*-attachment(\\..*)?") || n.equals("environment.properties")
                        || n.equals("executor.json") || n.equals("categories.json"))) {
                    Files.delete(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * The report's title and the Overview's executor entry, which links the conformance matrix
     * ({@code coverage.html} beside the report's index.html), and its environment block.
     */
    public static void describe(Path dir, String title, Map<String, String> environment) throws IOException {
        ObjectNode executor = JSON.createObjectNode().put("name", "icelab").put("type", "icelab")
                .put("reportName", title).put("buildName", "conformance matrix (coverage.html)")
                .put("buildUrl", "coverage.html");
        JSON.writeValue(dir.resolve("executor.json").toFile(), executor);
        StringBuilder env = new StringBuilder();
        environment.forEach((k, v) -> env.append(k).append(" = ").append(v.replace("\\", "/")).append('\n'));
        Files.writeString(dir.resolve("environment.properties"), env.toString(), StandardCharsets.UTF_8);
    }
}
