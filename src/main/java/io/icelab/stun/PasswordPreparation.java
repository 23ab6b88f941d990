package io.icelab.stun;

import java.text.Normalizer;

/**
 * Prepares passwords before they become keys (RFC 8489 §9.2.2 names the OpaqueString profile of
 * RFC 8265; the RFC 5769 §2.4 and RFC 8489 B.1 vectors were computed with SASLprep, RFC 4013).
 * This follows SASLprep, which yields what both vectors expect ("The\u00adM\u00aatr\u2168" →
 * "TheMatrIX"): map soft hyphen and other "commonly mapped to nothing" characters away, map non-ASCII
 * spaces to U+0020, normalise with NFKC, and refuse control and private-use characters.
 */
public final class PasswordPreparation {
    private PasswordPreparation() {
    }

    /**
     * RFC 8489 §9.2.2: the password after OpaqueString (RFC 8265), as both sides must key with it.
     *
     * @param password the password as configured
     * @return the prepared password
     */
    public static String prepare(String password) {
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        String out = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        for (int i = 0; i < out.length(); ) {
            int cp = out.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.PRIVATE_USE || type == Character.SURROGATE
                    || type == Character.UNASSIGNED) {
                throw new IllegalArgumentException(String.format(
                        "password character U+%04X at index %d is prohibited (RFC 4013 §2.3)", cp, i));
            }
            i += Character.charCount(cp);
        }
        return out;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00ad || cp == 0x034f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d)
                || (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00a0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f
                || cp == 0x3000;
    }
}
