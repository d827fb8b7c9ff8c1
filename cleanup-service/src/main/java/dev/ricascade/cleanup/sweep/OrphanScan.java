package dev.ricascade.cleanup.sweep;

import java.util.List;
import java.util.function.Consumer;

import dev.ricascade.manifest.Relationship;

/** A way to find a relationship's orphans, one bounded chunk of the child table at a time. */
interface OrphanScan {

    /**
     * Pages through the child table in primary-key order and hands each chunk's orphans (child columns
     * all non-NULL, no parent row with those values) to {@code orphans}, which may repair them before
     * the next chunk is read.
     *
     * @param childKey the child table's primary key columns
     */
    void scan(Relationship relationship, List<String> childKey, int chunk, Consumer<List<OrphanRow>> orphans);
}
