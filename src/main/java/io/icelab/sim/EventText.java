package io.icelab.sim;

import java.util.regex.Pattern;

/** An event as one line of text, with transport addresses as {@code IP:PORT}, not Java's {@code /IP:PORT}. */
public final class EventText {
    /** The '/' that InetSocketAddress and InetAddress put before an unnamed address, after '=', '[', '(', ',' or ' '. */
    private static final Pattern SLASH = Pattern.compile("(?<=[=\\[(, ]|^)/(?=[0-9a-fA-F:\\[])");

    private EventText() {
    }

    public static String of(Object event) {
        return SLASH.matcher(String.valueOf(event)).replaceAll("");
    }
}
