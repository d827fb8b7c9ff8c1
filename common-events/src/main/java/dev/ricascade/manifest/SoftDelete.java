package dev.ricascade.manifest;

/**
 * A table whose rows are deleted by flagging them first: the application sets {@code column} to a
 * true (non-zero) value, and the orphan sweep later applies the table's relationships to the flagged
 * rows, as a real delete would, and then deletes them.
 *
 * @param table  the flagged table
 * @param column the flag, such as {@code is_deleted}
 */
public record SoftDelete(String table, String column) {

    @Override
    public String toString() {
        return table + "(" + column + ")";
    }
}
