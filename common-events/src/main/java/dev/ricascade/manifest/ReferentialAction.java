package dev.ricascade.manifest;

import java.util.Locale;

/** What happens to child rows when their parent is deleted or its key changes: InnoDB's four actions. */
public enum ReferentialAction {

    CASCADE, SET_NULL, RESTRICT, NO_ACTION;

    /** The spelling used in the manifest: cascade, set-null, restrict, no-action. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The spelling in SQL and INFORMATION_SCHEMA: CASCADE, SET NULL, RESTRICT, NO ACTION. */
    public String sqlName() {
        return name().replace('_', ' ');
    }

    /** RESTRICT and NO ACTION behave alike in InnoDB: the change is refused while children exist. */
    public boolean refuses() {
        return this == RESTRICT || this == NO_ACTION;
    }

    /** Accepts the manifest spelling and the SQL one, in any letter case. */
    public static ReferentialAction parse(String text) {
        String normal = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (ReferentialAction action : values()) {
            if (action.name().equals(normal)) {
                return action;
            }
        }
        return null;
    }
}
