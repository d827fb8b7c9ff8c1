package dev.ricascade.cleanup.schema;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as the default MySQL collations compare it (utf8mb4_general_ci, utf8mb4_unicode_ci,
 * utf8mb4_0900_ai_ci): without letter case, accents or trailing spaces. A {@code _bin} or {@code _cs}
 * column would tell some of these apart.
 */
public final class Collation {

    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

    /** {@code "Café  "} and {@code "cafe"} fold to the same text. */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text.stripTrailing().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return ACCENTS.matcher(decomposed).replaceAll("");
    }

    private Collation() {
    }
}
