package dev.ricascade.cleanup.tooling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;


import dev.ricascade.cleanup.tooling.Finding.Severity;
import dev.ricascade.cleanup.tooling.LiveSchema.Column;
import dev.ricascade.cleanup.tooling.LiveSchema.Index;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.SoftDelete;
import dev.ricascade.manifest.TableColumns;

/**
 * The manifest against the live schema, with the rules InnoDB applies to a FOREIGN KEY: tables and
 * columns exist, child and parent column types match, SET NULL has a nullable column to set; and what
 * makes the cascades fast and safe: the parent columns form a primary or unique key, an index leads
 * with the child columns, every table has a primary key to page by.
 */
final class ManifestCheck {

    private final DataSource dataSource;

    ManifestCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param schema the schema to check, or null for the connection's current database */
    List<Finding> check(Manifest manifest, String schema) {
        LiveSchema live = LiveSchema.read(dataSource, schema);
        List<Finding> findings = new ArrayList<>();
        for (Relationship relationship : manifest.relationships()) {
            new RelationshipCheck(relationship, live, findings).run();
        }
        for (SoftDelete softDelete : manifest.softDeletes()) {
            String subject = "soft-delete table '" + softDelete.table() + "'";
            if (!live.hasTable(softDelete.table())) {
                findings.add(new Finding(Severity.ERROR, subject, "table `" + softDelete.table() + "` does not exist in schema `"
                        + live.name() + "`; create it or remove it from the manifest's 'tables'"));
            } else if (live.column(softDelete.table(), softDelete.column()).isEmpty()) {
                findings.add(new Finding(Severity.ERROR, subject, "column `" + softDelete.column() + "` does not exist; add it "
                        + "(ALTER TABLE `" + softDelete.table() + "` ADD `" + softDelete.column()
                        + "` TINYINT NOT NULL DEFAULT 0) or fix 'soft-delete'"));
            }
        }
        return findings;
    }

    private static final class RelationshipCheck {

        private final Relationship relationship;
        private final LiveSchema live;
        private final List<Finding> findings;
        private final String subject;

        RelationshipCheck(Relationship relationship, LiveSchema live, List<Finding> findings) {
            this.relationship = relationship;
            this.live = live;
            this.findings = findings;
            this.subject = "relationship '" + relationship.name() + "'";
        }

        void run() {
            boolean childExists = exists(relationship.child(), "child");
            boolean parentExists = exists(relationship.parent(), "parent");
            if (!childExists || !parentExists) {
                return;
            }
            for (int i = 0; i < relationship.child().columns().size(); i++) {
                compareTypes(live.column(relationship.child().table(), relationship.child().columns().get(i)).orElseThrow(),
                        live.column(relationship.parent().table(), relationship.parent().columns().get(i)).orElseThrow());
            }
            checkSetNull();
            checkParentKey();
            checkChildIndex();
            if (!live.hasPrimaryKey(relationship.child().table())) {
                error("table `" + relationship.child().table() + "` has no primary key; the cascades and the sweep page through "
                        + "child tables by primary key: ALTER TABLE `" + relationship.child().table() + "` ADD PRIMARY KEY (...)");
            }
        }

        /** Reports a missing table or columns; true when everything is there. */
        private boolean exists(TableColumns side, String field) {
            if (!live.hasTable(side.table())) {
                error(field + " table `" + side.table() + "` does not exist in schema `" + live.name() + "`; create it, or fix "
                        + "the manifest's '" + field + "'");
                return false;
            }
            boolean all = true;
            for (String column : side.columns()) {
                if (live.column(side.table(), column).isEmpty()) {
                    error(field + " column `" + side.table() + "`.`" + column + "` does not exist; add it, or fix the "
                            + "manifest's '" + field + "'");
                    all = false;
                }
            }
            return all;
        }

        private void compareTypes(Column child, Column parent) {
            String mismatch = null;
            if (child.isInteger() || parent.isInteger() || !(child.isText() && parent.isText())) {
                if (!child.type().equals(parent.type())) {
                    mismatch = child.type() + " against " + parent.type();
                }
            } else if (!child.charset().equals(parent.charset()) || !child.collation().equals(parent.collation())) {
                mismatch = "character set / collation " + child.charset() + "/" + child.collation() + " against "
                        + parent.charset() + "/" + parent.collation();
            }
            if (mismatch != null) {
                error("child column `" + child.table() + "`.`" + child.name() + "` and parent column `" + parent.table() + "`.`"
                        + parent.name() + "` differ: " + mismatch + ", which InnoDB would refuse for a FOREIGN KEY (and "
                        + "lookups would convert values); make them the same, for instance ALTER TABLE `" + child.table()
                        + "` MODIFY `" + child.name() + "` " + parent.type().toUpperCase(java.util.Locale.ROOT)
                        + (child.nullable() ? " NULL" : " NOT NULL"));
            }
        }

        private void checkSetNull() {
            for (String column : relationship.child().columns()) {
                Column child = live.column(relationship.child().table(), column).orElseThrow();
                if (!child.nullable()) {
                    for (String which : setNullActions()) {
                        error(which + " set-null, but child column `" + child.table() + "`.`" + column + "` is NOT NULL, "
                                + "which InnoDB would refuse; make it nullable (ALTER TABLE `" + child.table() + "` MODIFY `"
                                + column + "` " + child.type().toUpperCase(java.util.Locale.ROOT)
                                + " NULL) or choose another action");
                    }
                }
            }
        }

        private List<String> setNullActions() {
            List<String> which = new ArrayList<>();
            if (relationship.onDelete() == ReferentialAction.SET_NULL) {
                which.add("on-delete is");
            }
            if (relationship.onUpdate() == ReferentialAction.SET_NULL) {
                which.add("on-update is");
            }
            return which;
        }

        private void checkParentKey() {
            HashSet<String> parent = new HashSet<>(relationship.parent().columns());
            boolean unique = live.indexes(relationship.parent().table()).stream()
                    .anyMatch(index -> index.unique() && parent.containsAll(index.columns()));
            if (!unique) {
                warning("parent columns " + relationship.parent() + " are not a primary or unique key, so one child may "
                        + "have several parents and a delete of one of them cascades while others remain; add one: ALTER "
                        + "TABLE `" + relationship.parent().table() + "` ADD UNIQUE (" + quoted(relationship.parent().columns())
                        + ")");
            }
        }

        private void checkChildIndex() {
            int width = relationship.child().columns().size();
            HashSet<String> child = new HashSet<>(relationship.child().columns());
            Optional<Index> leading = live.indexes(relationship.child().table()).stream()
                    .filter(index -> index.columns().size() >= width && new HashSet<>(index.columns().subList(0, width)).equals(child))
                    .findFirst();
            if (leading.isEmpty()) {
                String name = ("ix_" + relationship.child().table() + "_" + String.join("_", relationship.child().columns()));
                warning("no index leads with the child columns " + relationship.child() + ", so every cascade and sweep "
                        + "scans `" + relationship.child().table() + "`; add one: CREATE INDEX `"
                        + name.substring(0, Math.min(64, name.length())) + "` ON `" + relationship.child().table() + "` ("
                        + quoted(relationship.child().columns()) + ")");
            }
        }

        private void error(String message) {
            findings.add(new Finding(Severity.ERROR, subject, message));
        }

        private void warning(String message) {
            findings.add(new Finding(Severity.WARNING, subject, message));
        }

        private static String quoted(List<String> columns) {
            return columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        }
    }
}
