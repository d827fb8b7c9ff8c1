package dev.ricascade.cleanup.sweep;

import java.util.List;

/**
 * What one run found, and did, for one relationship.
 *
 * @param relationship       the manifest's name for it
 * @param onDelete           the action a repair applies to its orphans
 * @param orphans            child rows with all child columns non-NULL that match no parent row, sentinels aside (a
 *                           repairing run counts those it reached: repairing an orphan takes its siblings along)
 * @param sample             some of them, in primary-key order
 * @param probablyNull       orphans holding a sentinel value (such as 0) in a child column: probably meant NULL,
 *                           reported apart and never repaired
 * @param probablyNullSample some of those
 * @param awaitingGrace      orphans that a repair would change but that were not yet orphans a grace period ago
 * @param repaired           child rows this relationship's action deleted or set to NULL in this run (a
 *                           self-reference's rows beneath the orphans included; none in a dry run)
 * @param owedRewrites       orphans past their grace period that still hold the old values of a recorded key update
 *                           of their parent: owed a rewrite (ON UPDATE), not a delete; never counted in {@code repaired}
 * @param rewritten          child rows of this relationship rewritten in this run to finish owed rewrites
 * @param durationMillis     how long the relationship took
 * @param error              why the relationship could not be swept, or null
 */
public record RelationshipReport(String relationship, String onDelete, long orphans, List<OrphanRow> sample,
                                 long probablyNull, List<OrphanRow> probablyNullSample, long awaitingGrace, long repaired,
                                 long owedRewrites, long rewritten, long durationMillis, String error) {
}
