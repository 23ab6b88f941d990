package io.icelab.cli;

import java.util.ArrayList;
import java.util.List;

/** A command line given as one string (an option's value), split as a POSIX shell splits words without expansion. */
final class Words {
    private Words() {
    }

    /**
     * Splits at blanks; single quotes keep everything, double quotes keep all but a backslash before {@code "} or
     * {@code \}, a backslash outside quotes keeps the next character.
     *
     * @param line the command line
     * @return its words
     * @throws IllegalArgumentException for an unclosed quote, naming where it opened
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int close = c == '\'' ? line.indexOf('\'', i + 1) : closingDouble(line, i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed " + c + " at character " + (i + 1) + " of: " + line);
                }
                String inside = line.substring(i + 1, close);
                w.append(c == '\'' ? inside : inside.replaceAll("\\\\([\"\\\\])", "$1"));
                inWord = true;
                i = close;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static int closingDouble(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '"') {
                return i;
            }
        }
        return -1;
    }
}
