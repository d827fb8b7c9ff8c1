package dev.ricascade.cleanup.tooling;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.TableColumns;
import dev.ricascade.sql.Identifiers;

/**
 * Writes the manifest for a schema that still declares its FOREIGN KEYs: one relationship per
 * constraint, named after it, columns in the constraint's ordinal order, actions from
 * REFERENTIAL_CONSTRAINTS; and, for the move off constraints, the statements that drop them.
 */
final class ManifestImport {

    private static final String FOREIGN_KEYS = """
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME,
                   k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
            FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
            JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r
              ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
             AND r.TABLE_NAME = k.TABLE_NAME
            WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
            ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """;

    /**
     * @param manifest the relationships, by child table and constraint name (in Java's order of names)
     * @param dropForeignKeys {@code ALTER TABLE … DROP FOREIGN KEY …;} for every imported constraint whose name is a
     *                        plain identifier (names in generated SQL are quoted, never escaped: {@link Identifiers})
     * @param skipped  constraints that could not be imported, or whose DROP statement could not be written, with the reason
     */
    record Result(Manifest manifest, List<String> dropForeignKeys, List<String> skipped) {
    }

    private record KeyColumn(String table, String constraint, String column, String referencedSchema, String referencedTable,
                             String referencedColumn, String deleteRule, String updateRule) {
    }

    private final JdbcClient jdbc;

    ManifestImport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param schema the schema to read, or null for the connection's current database */
    Result read(String schema) {
        String name = LiveSchema.schemaName(jdbc, schema);
        // sorted here, not by the server's collation, so that the same schema always gives the same file
        Map<String, List<KeyColumn>> constraints = new TreeMap<>();
        jdbc.sql(FOREIGN_KEYS).param(name).query((rs, i) -> new KeyColumn(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))).list()
                .forEach(k -> constraints.computeIfAbsent(k.table() + "\u0000" + k.constraint(), c -> new ArrayList<>()).add(k));

        List<Relationship> relationships = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (List<KeyColumn> columns : constraints.values()) {
            KeyColumn first = columns.get(0);
            String where = "constraint `" + first.constraint() + "` on `" + first.table() + "`";
            ReferentialAction onDelete = ReferentialAction.parse(first.deleteRule());
            ReferentialAction onUpdate = ReferentialAction.parse(first.updateRule());
            if (!first.referencedSchema().equals(name)) {
                skipped.add(where + ": references schema `" + first.referencedSchema() + "`; the manifest covers one schema");
            } else if (onDelete == null || onUpdate == null) {
                skipped.add(where + ": ON DELETE " + first.deleteRule() + " ON UPDATE " + first.updateRule()
                        + " is not one of InnoDB's actions (SET DEFAULT is not supported)");
            } else if (!columns.stream().allMatch(c -> Identifiers.isPlain(c.table()) && Identifiers.isPlain(c.column())
                    && Identifiers.isPlain(c.referencedTable()) && Identifiers.isPlain(c.referencedColumn()))) {
                skipped.add(where + ": a table or column name is not a plain identifier (letters, digits, _ and $); rename it "
                        + "or write this relationship by hand");
            } else {
                String relationship = relationshipName(first, relationships);
                relationships.add(new Relationship(relationship,
                        new TableColumns(first.table(), columns.stream().map(KeyColumn::column).toList()),
                        new TableColumns(first.referencedTable(), columns.stream().map(KeyColumn::referencedColumn).toList()),
                        onDelete, onUpdate));
                if (Identifiers.isPlain(first.constraint())) {
                    drops.add("ALTER TABLE " + Identifiers.quote(first.table()) + " DROP FOREIGN KEY "
                            + Identifiers.quote(first.constraint()) + ";");
                } else {
                    skipped.add(where + ": its DROP statement, as its name is not a plain identifier (it is imported as '"
                            + relationship + "'); drop it by hand");
                }
            }
        }
        return new Result(new Manifest("schema " + name, relationships), List.copyOf(drops), skipped);
    }

    /** The constraint's name when it is a plain identifier not used yet, otherwise one made from the tables. */
    private static String relationshipName(KeyColumn key, List<Relationship> taken) {
        String name = Identifiers.isPlain(key.constraint()) ? key.constraint() : key.table() + "_" + key.referencedTable();
        String unique = name;
        for (int n = 2; unique.length() > 64 || isTaken(unique, taken); n++) {
            String suffix = "_" + n;
            unique = name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix;
        }
        return unique;
    }

    private static boolean isTaken(String name, List<Relationship> taken) {
        return taken.stream().anyMatch(r -> r.name().equals(name));
    }
}
