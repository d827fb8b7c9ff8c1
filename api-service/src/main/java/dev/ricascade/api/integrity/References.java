package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a row references through a relationship's columns. */
final class References {

    /** The row's values of these columns, or null when one is absent or NULL: such a reference matches nothing. */
    static List<Object> values(Map<String, ?> row, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            Object value = row.get(column);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private References() {
    }
}
