package dev.ricascade.sql;

import dev.ricascade.events.EventCodec;

/**
 * The one rule for table and column names spliced into generated SQL, in both services: a name is
 * used only if it is a plain identifier (what the manifest and the event codec accept), and then always
 * backtick-quoted. A name that is not plain is refused rather than escaped, so that no text that could
 * not be proved safe ever reaches a statement.
 */
public final class Identifiers {

    private static final int SHOWN = 80;

    /** Whether the name is a plain SQL identifier: letters, digits, {@code _} and {@code $}, not starting with a digit, at most 64 characters. */
    public static boolean isPlain(String name) {
        return name != null && EventCodec.IDENTIFIER.matcher(name).matches();
    }

    /**
     * {@code `name`}.
     *
     * @throws IllegalArgumentException when the name is not a plain identifier
     */
    public static String quote(String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException(describe(name) + " is not a plain SQL identifier (letters, digits, _ and $, "
                    + "starting with a letter or _, at most 64 characters); RI Cascade generates SQL only for such table "
                    + "and column names: rename the table or column, or leave it out of the relationship manifest");
        }
        return "`" + name + "`";
    }

    private static String describe(String name) {
        if (name == null) {
            return "a missing name (null)";
        }
        return "'" + (name.length() > SHOWN ? name.substring(0, SHOWN) + "…" : name) + "'";
    }

    private Identifiers() {
    }
}
