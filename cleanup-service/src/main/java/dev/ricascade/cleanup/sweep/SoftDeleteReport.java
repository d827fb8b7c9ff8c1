package dev.ricascade.cleanup.sweep;

import java.util.List;

/**
 * What one run found, and did, for a table with a soft-delete column.
 *
 * @param table          the table
 * @param column         its soft-delete flag
 * @param flagged        rows flagged as deleted when the run looked
 * @param blocked        flagged rows that a RESTRICT or NO ACTION child keeps, as InnoDB would refuse their delete
 * @param blockedSample  primary keys of some of those
 * @param purged         flagged rows deleted, after what the relationships cascade from them (none in a dry run)
 * @param durationMillis how long the table took
 * @param error          why the table could not be swept, or null
 */
public record SoftDeleteReport(String table, String column, long flagged, long blocked, List<List<Object>> blockedSample,
                               long purged, long durationMillis, String error) {
}
