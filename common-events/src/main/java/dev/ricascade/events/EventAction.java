package dev.ricascade.events;

import java.util.Locale;

/** What happened to the parent row. Hand-written events may use any letter case. */
public enum EventAction {

    DELETED, UPDATED;

    /** The lower-case name used in JSON and in routing keys. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EventAction parse(String text, String field) {
        for (EventAction action : values()) {
            if (action.name().equalsIgnoreCase(text.strip())) {
                return action;
            }
        }
        throw new InvalidEventException(field, "unknown action '" + text + "'; expected 'deleted' or 'updated'");
    }
}
