package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;

/**
 * A child row that references no parent.
 *
 * @param key        the child row's primary key values, in key order
 * @param references the values of the relationship's child columns, in manifest order
 */
public record OrphanRow(List<Object> key, List<Object> references) {

    public OrphanRow {
        key = Collections.unmodifiableList(new ArrayList<>(key));
        references = Collections.unmodifiableList(new ArrayList<>(references)); // may hold NULLs
    }

    /** Reads {@code keyWidth} key columns followed by {@code referenceWidth} child columns. */
    static RowMapper<OrphanRow> mapper(int keyWidth, int referenceWidth) {
        return (rs, rowNum) -> {
            List<Object> key = new ArrayList<>(keyWidth);
            for (int i = 1; i <= keyWidth; i++) {
                key.add(rs.getObject(i));
            }
            List<Object> references = new ArrayList<>(referenceWidth);
            for (int i = keyWidth + 1; i <= keyWidth + referenceWidth; i++) {
                references.add(rs.getObject(i));
            }
            return new OrphanRow(key, references);
        };
    }
}
