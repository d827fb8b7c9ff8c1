package dev.ricascade.cleanup.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ricascade.manifest.ManifestLoader;

class MermaidDiagramTests {

    @Test
    void drawsOneEdgePerRelationshipFromParentToChildWithItsActions() {
        String diagram = MermaidDiagram.of(ManifestLoader.load("""
                tables:
                  customers: {soft-delete: is_deleted}
                relationships:
                  - {name: orders_customer, child: orders(customer_id), parent: customers(id), on-delete: cascade}
                  - {name: shipments_line, child: "shipments(order_id, line_no)", parent: "order_lines(order_id, line_no)",
                     on-delete: set-null, on-update: cascade}
                  - {name: categories_parent, child: categories(parent_id), parent: categories(id), on-delete: no-action}
                """, "test.yml"));

        assertThat(diagram).isEqualTo("""
                erDiagram
                    customers {
                        flag is_deleted "soft delete"
                    }
                    customers ||--o{ orders : "orders_customer (customer_id → id): on delete cascade, on update restrict"
                    order_lines ||--o{ shipments : "shipments_line (order_id, line_no): on delete set-null, on update cascade"
                    categories ||--o{ categories : "categories_parent (parent_id → id): on delete no-action, on update restrict"
                """);
    }

    @Test
    void normalisesIntegerDisplayWidthsAsMariaDbReportsThem() {
        assertThat(LiveSchema.normalType("int(11)")).isEqualTo("int");
        assertThat(LiveSchema.normalType("BIGINT(20) UNSIGNED")).isEqualTo("bigint unsigned");
        assertThat(LiveSchema.normalType("decimal(10,2)")).isEqualTo("decimal(10,2)");
        assertThat(LiveSchema.normalType("varchar(100)")).isEqualTo("varchar(100)");
    }
}
