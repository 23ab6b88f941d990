package io.icelab.sim;

import java.util.Locale;

/** Virtual time: nanoseconds from the simulation's epoch. Parsing and printing of durations. */
public final class SimTime {
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;
    /** Capture timestamps put t = 0 at 2000-01-01T00:00:00Z, so Wireshark shows a fixed, recognisable date. */
    public static final long CAPTURE_EPOCH_SECONDS = 946_684_800L;
    /** The longest duration icelab parses: 30 days of virtual time, far past any NAT or TURN timer. */
    public static final long MAX = 30L * 24 * 3600 * S;

    private SimTime() {
    }

    /** Seconds with nanosecond digits, e.g. {@code 12.000500000}. */
    public static String format(long nanos) {
        return String.format(Locale.ROOT, "%d.%09d", nanos / S, nanos % S);
    }

    /**
     * Parses {@code 250ms}, {@code 1.5s}, {@code 100us}, {@code 20ns}, {@code 2m}, {@code 1h}, or a bare
     * number of seconds. Throws IllegalArgumentException saying what is wrong.
     */
    public static long parse(String text) {
        String t = text.strip();
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
                {"m", "60000000000"}, {"h", "3600000000000"}};
        for (int i = units.length - 1; i >= 0; i--) {
            String u = units[i][0];
            boolean matches = t.endsWith(u) && !(u.equals("s") && (t.endsWith("ms") || t.endsWith("us") || t.endsWith("ns")))
                    && !(u.equals("m") && t.endsWith("mm"));
            if (matches) {
                return scale(t.substring(0, t.length() - u.length()), Long.parseLong(units[i][1]), text);
            }
        }
        return scale(t, S, text);
    }

    private static long scale(String number, long unit, String original) {
        try {
            double v = Double.parseDouble(number.strip());
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("'" + original + "' is not a non-negative duration");
            }
            if (v * unit > MAX) {
                throw new IllegalArgumentException("'" + original + "' is longer than the 30 days icelab simulates");
            }
            return Math.round(v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + original + "' is not a duration (e.g. 250ms, 1.5s, 2m)");
        }
    }
}
