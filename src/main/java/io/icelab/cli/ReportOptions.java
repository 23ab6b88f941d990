package io.icelab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the HTML report goes and which Allure commandline builds it; shared by `run` and `report`. */
final class ReportOptions {
    @Option(names = "--report", defaultValue = "target/allure-report", description = "report folder (default ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--allure", description = "the allure executable (default: target/allure-commandline/allure-*/bin/allure)")
    Path allure;

    @Option(names = "--layout", defaultValue = "single-file", converter = ReportLayout.Converter.class,
            description = "single-file: one index.html that opens from the file system (the default); folders:"
                    + " Allure's data/ and widgets/ layout, to publish on a web server")
    ReportLayout layout;
}
