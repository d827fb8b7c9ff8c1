package dev.ricascade.cleanup.sweep;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/**
 * The changes a repair makes, done as the cascade engine does them: bottom-up, in bounded batches,
 * and applying the manifest's actions to whatever lies beneath the changed rows.
 */
interface RowRepairs {

    /**
     * Deletes these rows, and first everything that the manifest cascades from them.
     *
     * @param key  the table's primary key columns
     * @param rows primary key values of the rows, each in key order; at most a batch of them
     */
    void deleteWithDependents(String table, List<String> key, List<List<Object>> rows);

    /**
     * Sets the relationship's child columns to NULL on these child rows, and applies what that changes
     * beneath them.
     *
     * @param key  the child table's primary key columns
     * @param rows primary key values of the child rows; at most a batch of them
     */
    void setNull(Relationship relationship, List<String> key, List<List<Object>> rows);
}
