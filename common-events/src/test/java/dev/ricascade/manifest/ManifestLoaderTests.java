package dev.ricascade.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestLoaderTests {

    @Test
    void readsRelationshipsWithDefaultsAndCompositeKeys() {
        Manifest manifest = ManifestLoader.load("""
                relationships:
                  - name: order_lines_order
                    child: order_lines(order_id)
                    parent: orders(id)
                    on-delete: cascade
                  - name: shipments_line
                    child: shipments( order_id , item_id )
                    parent: order_lines(order_id, item_id)
                    on-delete: SET NULL
                    on-update: cascade
                """, "test.yml");
        assertThat(manifest.relationships()).containsExactly(
                new Relationship("order_lines_order", new TableColumns("order_lines", List.of("order_id")),
                        new TableColumns("orders", List.of("id")), ReferentialAction.CASCADE, ReferentialAction.RESTRICT),
                new Relationship("shipments_line", new TableColumns("shipments", List.of("order_id", "item_id")),
                        new TableColumns("order_lines", List.of("order_id", "item_id")), ReferentialAction.SET_NULL,
                        ReferentialAction.CASCADE));
    }

    @Test
    void reportsEveryProblemWithFileRelationshipAndField() {
        assertThatThrownBy(() -> ManifestLoader.load("""
                relationships:
                  - name: a
                    child: b(x, y)
                    parent: c(id)
                    on-delete: casade
                  - name: a
                    child: "d(`x`)"
                    parent: e(id)
                  - name: f
                    child: g(x)
                    parent: h(id)
                    on-update: set-null
                    colour: red
                  - child: i
                    parent: j(id)
                """, "broken.yml"))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "relationship 'a' (#1): fields 'child' and 'parent': 2 child column(s) [x, y] against 1 parent "
                                + "column(s) [id]; give the same number, in matching order",
                        "relationship 'a' (#1): field 'on-delete': unknown action 'casade'; expected one of cascade, "
                                + "set-null, restrict, no-action",
                        "relationship 'a' (#2): field 'child': column '`x`' is not a plain SQL identifier (letters, "
                                + "digits, _ and $, starting with a letter or _, at most 64 characters)",
                        "relationship 'f' (#3): unknown field 'colour'; expected one of name, child, parent, on-delete, "
                                + "on-update",
                        "relationship #4: field 'name' is missing",
                        "relationship #4: field 'child': 'i' must have the shape table(column, column...)"))
                .hasMessageStartingWith("invalid relationship manifest broken.yml:");
    }

    @Test
    void rejectsDuplicateNames() {
        assertThatThrownBy(() -> ManifestLoader.load("""
                relationships:
                  - {name: a, child: b(x), parent: c(id)}
                  - {name: a, child: d(x), parent: c(id)}
                """, "dup.yml"))
                .hasMessageContaining("relationship 'a' (#2): field 'name': duplicate name");
    }

    @Test
    void rejectsSomethingThatIsNotAManifest() {
        assertThatThrownBy(() -> ManifestLoader.load("- just a list", "list.yml"))
                .hasMessageContaining("list.yml").hasMessageContaining("'relationships'");
        assertThatThrownBy(() -> ManifestLoader.load("relationships: [\n", "bad.yml"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void readsSoftDeleteColumnsOfTables() {
        Manifest manifest = ManifestLoader.load("""
                tables:
                  orders:
                    soft-delete: is_deleted
                  customers: {}
                relationships:
                  - {name: lines_order, child: lines(order_id), parent: orders(id), on-delete: cascade}
                """, "soft.yml");

        assertThat(manifest.softDeletes()).containsExactly(new SoftDelete("orders", "is_deleted"));
        assertThat(manifest.softDeleteColumn("orders")).contains("is_deleted");
        assertThat(manifest.softDeleteColumn("lines")).isEmpty();
    }

    @Test
    void reportsEveryProblemInTheTablesSection() {
        assertThatThrownBy(() -> ManifestLoader.load("""
                tables:
                  orders:
                    soft-delete: "is deleted"
                    archive: yes
                  "bad table": {soft-delete: x}
                  lines: is_deleted
                relationships: []
                """, "soft.yml"))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "table 'orders' (under 'tables'): field 'soft-delete': 'is deleted' must name one column, a plain "
                                + "SQL identifier such as is_deleted",
                        "table 'orders' (under 'tables'): unknown field 'archive'; expected one of [soft-delete]",
                        "table 'bad table' (under 'tables'): 'bad table' is not a plain SQL identifier (letters, digits, _ "
                                + "and $, starting with a letter or _, at most 64 characters)",
                        "table 'lines' (under 'tables'): expected a mapping with [soft-delete]"))
                .hasMessageStartingWith("invalid relationship manifest soft.yml:");
        assertThatThrownBy(() -> ManifestLoader.load("tables: [orders]\nrelationships: []\n", "list.yml"))
                .hasMessageContaining("'tables' must be a mapping of table name to its settings");
    }
}
