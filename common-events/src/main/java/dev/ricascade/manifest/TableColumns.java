package dev.ricascade.manifest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One side of a relationship: a table and its columns, written {@code table(col, col…)} in the manifest. */
public record TableColumns(String table, List<String> columns) {

    private static final Pattern SHAPE = Pattern.compile("\\s*([^\\s(]+)\\s*\\(([^)]*)\\)\\s*");

    public TableColumns {
        columns = List.copyOf(columns);
    }

    /** @return the parsed value, or null when the text does not have the shape {@code table(col, …)} */
    static TableColumns parse(String text) {
        Matcher matcher = SHAPE.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        List<String> columns = List.of(matcher.group(2).split(",", -1)).stream().map(String::strip).toList();
        return new TableColumns(matcher.group(1), columns);
    }

    @Override
    public String toString() {
        return table + "(" + String.join(", ", columns) + ")";
    }
}
