package io.icelab.cli;

/** How the HTML report is laid out on disk. */
enum ReportLayout {
    /** Allure's single-file mode: everything inlined in index.html, which a browser opens from the file system. */
    SINGLE_FILE,
    /** Allure's usual folders (data/, widgets/): needs a web server, since browsers refuse file:// fetches. */
    FOLDERS;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code single-file} or {@code folders}. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<ReportLayout> {
        @Override
        public ReportLayout convert(String value) {
            for (ReportLayout l : values()) {
                if (l.toString().equals(value)) {
                    return l;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not single-file or folders");
        }
    }
}
