package dev.ricascade.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.ricascade.events.EventCodec;

/**
 * Reads the YAML manifest and validates all of it before anything uses it. Every problem is
 * reported at once, each naming the file, the relationship and the field.
 */
public final class ManifestLoader {

    private static final Set<String> TOP_LEVEL = Set.of("relationships", "tables");
    private static final Set<String> TABLE_FIELDS = Set.of("soft-delete");
    private static final Set<String> FIELDS = Set.of("name", "child", "parent", "on-delete", "on-update");
    private static final String ACTIONS = "cascade, set-null, restrict, no-action";

    public static Manifest load(Path file) {
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relationship manifest " + file + ": " + e.getMessage(), e);
        }
    }

    public static Manifest load(InputStream in, String source) {
        try (in) {
            return load(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relationship manifest " + source + ": " + e.getMessage(), e);
        }
    }

    public static Manifest load(String yaml, String source) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new ManifestException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Relationship> relationships = new ArrayList<>();
        if (!(document instanceof Map<?, ?> top)) {
            throw new ManifestException(source, List.of("expected a mapping with a 'relationships' list at the top"));
        }
        for (Object key : top.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                problems.add("unknown top-level field '" + key + "'; expected " + TOP_LEVEL);
            }
        }
        if (!(top.get("relationships") instanceof List<?> entries)) {
            problems.add("'relationships' must be a list of relationships");
            throw new ManifestException(source, problems);
        }
        List<SoftDelete> softDeletes = softDeletes(top.get("tables"), problems);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Relationship relationship = relationship(entries.get(i), i + 1, problems);
            if (relationship != null && !names.add(relationship.name())) {
                problems.add("relationship '" + relationship.name() + "' (#" + (i + 1) + "): field 'name': "
                        + "duplicate name; names must be unique");
            }
            if (relationship != null) {
                relationships.add(relationship);
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems);
        }
        return new Manifest(source, relationships, softDeletes);
    }

    /** The optional {@code tables:} mapping, table name to its settings: {@code orders: {soft-delete: is_deleted}}. */
    private static List<SoftDelete> softDeletes(Object tables, List<String> problems) {
        List<SoftDelete> softDeletes = new ArrayList<>();
        if (tables == null) {
            return softDeletes;
        }
        if (!(tables instanceof Map<?, ?> entries)) {
            problems.add("'tables' must be a mapping of table name to its settings, such as 'orders: {soft-delete: is_deleted}'");
            return softDeletes;
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String table = String.valueOf(entry.getKey());
            String where = "table '" + table + "'";
            if (!EventCodec.IDENTIFIER.matcher(table).matches()) {
                problems.add(where + " (under 'tables'): '" + table + "' is not a plain SQL identifier "
                        + "(letters, digits, _ and $, starting with a letter or _, at most 64 characters)");
                continue;
            }
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                problems.add(where + " (under 'tables'): expected a mapping with " + TABLE_FIELDS);
                continue;
            }
            for (Object key : fields.keySet()) {
                if (!TABLE_FIELDS.contains(String.valueOf(key))) {
                    problems.add(where + " (under 'tables'): unknown field '" + key + "'; expected one of " + TABLE_FIELDS);
                }
            }
            Object column = fields.get("soft-delete");
            if (column == null) {
                continue;
            }
            if (column instanceof String name && EventCodec.IDENTIFIER.matcher(name).matches()) {
                softDeletes.add(new SoftDelete(table, name));
            } else {
                problems.add(where + " (under 'tables'): field 'soft-delete': '" + column + "' must name one column, a plain "
                        + "SQL identifier such as is_deleted");
            }
        }
        return softDeletes;
    }

    private static Relationship relationship(Object entry, int position, List<String> problems) {
        if (!(entry instanceof Map<?, ?> fields)) {
            problems.add("relationship #" + position + ": expected a mapping with name, child, parent, on-delete, on-update");
            return null;
        }
        Object nameValue = fields.get("name");
        String where = nameValue == null ? "relationship #" + position : "relationship '" + nameValue + "' (#" + position + ")";
        int before = problems.size();
        for (Object key : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                problems.add(where + ": unknown field '" + key + "'; expected one of name, child, parent, on-delete, on-update");
            }
        }
        String name = text(fields, "name", where, problems);
        if (name != null && !EventCodec.IDENTIFIER.matcher(name).matches()) {
            problems.add(where + ": field 'name': '" + name + "' must be a plain identifier (letters, digits, _)");
        }
        TableColumns child = tableColumns(fields, "child", where, problems);
        TableColumns parent = tableColumns(fields, "parent", where, problems);
        ReferentialAction onDelete = action(fields, "on-delete", where, problems);
        ReferentialAction onUpdate = action(fields, "on-update", where, problems);
        if (child != null && parent != null) {
            if (child.columns().size() != parent.columns().size()) {
                problems.add(where + ": fields 'child' and 'parent': " + child.columns().size() + " child column(s) "
                        + child.columns() + " against " + parent.columns().size() + " parent column(s) " + parent.columns()
                        + "; give the same number, in matching order");
            } else if (child.equals(parent)) {
                problems.add(where + ": fields 'child' and 'parent': a column set cannot reference itself (" + child + ")");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Relationship(name, child, parent, onDelete, onUpdate);
    }

    private static String text(Map<?, ?> fields, String field, String where, List<String> problems) {
        Object value = fields.get(field);
        if (value == null) {
            problems.add(where + ": field '" + field + "' is missing");
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(where + ": field '" + field + "' must be text, not " + (value instanceof Map ? "a mapping" : "a list"));
            return null;
        }
        return String.valueOf(value);
    }

    private static TableColumns tableColumns(Map<?, ?> fields, String field, String where, List<String> problems) {
        String value = text(fields, field, where, problems);
        if (value == null) {
            return null;
        }
        TableColumns parsed = TableColumns.parse(value);
        if (parsed == null) {
            problems.add(where + ": field '" + field + "': '" + value + "' must have the shape table(column, column...)");
            return null;
        }
        boolean valid = identifier(parsed.table(), where, field, "table", problems);
        Set<String> seen = new HashSet<>();
        for (String column : parsed.columns()) {
            if (column.isEmpty()) {
                problems.add(where + ": field '" + field + "': '" + value + "' has an empty column name");
                valid = false;
            } else {
                valid &= identifier(column, where, field, "column", problems);
                if (!seen.add(column)) {
                    problems.add(where + ": field '" + field + "': column '" + column + "' is listed twice");
                    valid = false;
                }
            }
        }
        return valid ? parsed : null;
    }

    private static boolean identifier(String name, String where, String field, String what, List<String> problems) {
        if (EventCodec.IDENTIFIER.matcher(name).matches()) {
            return true;
        }
        problems.add(where + ": field '" + field + "': " + what + " '" + name + "' is not a plain SQL identifier "
                + "(letters, digits, _ and $, starting with a letter or _, at most 64 characters)");
        return false;
    }

    private static ReferentialAction action(Map<?, ?> fields, String field, String where, List<String> problems) {
        Object value = fields.get(field);
        if (value == null) {
            return ReferentialAction.RESTRICT;
        }
        ReferentialAction action = value instanceof String text ? ReferentialAction.parse(text) : null;
        if (action == null) {
            problems.add(where + ": field '" + field + "': unknown action '" + value + "'; expected one of " + ACTIONS);
        }
        return action;
    }

    private ManifestLoader() {
    }

}
