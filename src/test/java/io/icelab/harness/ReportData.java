package io.icelab.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One data file of a generated Allure report, from its folders or inlined in a single-file index.html. */
public final class ReportData {
    private ReportData() {
    }

    public static String read(Path report, String name) throws IOException {
        Path file = report.resolve(name);
        if (Files.isRegularFile(file)) {
            return Files.readString(file);
        }
        String index = Files.readString(report.resolve("index.html"));
        Matcher m = Pattern.compile("d\\('" + Pattern.quote(name) + "','([A-Za-z0-9+/=]*)'\\)").matcher(index);
        if (!m.find()) {
            throw new IOException(name + " is neither a file of " + report + " nor inlined in its index.html");
        }
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }
}
