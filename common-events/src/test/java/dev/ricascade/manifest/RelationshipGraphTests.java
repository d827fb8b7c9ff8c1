package dev.ricascade.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelationshipGraphTests {

    private static RelationshipGraph graph(String yaml) {
        return ManifestLoader.load(yaml, "test.yml").graph();
    }

    @Test
    void answersWhichRelationshipsHaveAParentTable() {
        RelationshipGraph graph = graph("""
                relationships:
                  - {name: orders_customer, child: orders(customer_id), parent: customers(id), on-delete: cascade}
                  - {name: subs_customer, child: subs(email), parent: customers(email), on-delete: cascade}
                  - {name: lines_order, child: lines(order_id), parent: orders(id), on-delete: cascade}
                """);
        assertThat(graph.childrenOf("customers")).extracting(Relationship::name).containsExactly("orders_customer", "subs_customer");
        assertThat(graph.childrenOf("lines")).isEmpty();
        assertThat(graph.parentsOf("lines")).extracting(Relationship::name).containsExactly("lines_order");
        assertThat(graph.referencedColumns("customers")).containsExactly("id", "email");
        assertThat(graph.hasCycle()).isFalse();
    }

    @Test
    void namesTheParentsARowIsDeletedWithAndTheColumnsThatReferenceThem() {
        RelationshipGraph graph = graph("""
                relationships:
                  - {name: lines_order, child: lines(order_id), parent: orders(id), on-delete: cascade}
                  - {name: lines_item, child: lines(item_id), parent: items(id), on-delete: restrict}
                  - {name: lines_offer, child: "lines(offer_code, order_id)", parent: "offers(code, order_id)", on-delete: cascade}
                  - {name: lines_note, child: lines(note_id), parent: notes(id), on-delete: set-null}
                """);
        assertThat(graph.cascadingParentsOf("lines")).extracting(Relationship::name).containsExactly("lines_order", "lines_offer");
        assertThat(graph.cascadingReferenceColumns("lines")).containsExactly("order_id", "offer_code");
        assertThat(graph.cascadingParentsOf("orders")).isEmpty();
        assertThat(graph.cascadingReferenceColumns("orders")).isEmpty();
    }

    @Test
    void tellsWhetherADeleteCanMeetARefusalBeneathATable() {
        RelationshipGraph graph = graph("""
                relationships:
                  - {name: orders_customer, child: orders(customer_id), parent: customers(id), on-delete: cascade, on-update: cascade}
                  - {name: lines_order, child: lines(order_id), parent: orders(id), on-delete: cascade, on-update: cascade}
                  - {name: shipments_line, child: shipments(line_id), parent: lines(id), on-delete: cascade, on-update: cascade}
                  - {name: lines_item, child: lines(item_id), parent: items(id), on-delete: restrict}
                  - {name: notes_order, child: notes(order_id), parent: orders(id), on-delete: set-null, on-update: cascade}
                  - {name: pins_note, child: pins(note_order), parent: notes(order_id), on-delete: cascade}
                  - {name: tree, child: categories(parent_id), parent: categories(id), on-delete: cascade, on-update: cascade}
                """);
        assertThat(graph.deleteMayBeRefusedBeneath("lines")).isFalse();
        assertThat(graph.deleteMayBeRefusedBeneath("shipments")).isFalse();
        assertThat(graph.deleteMayBeRefusedBeneath("categories")).as("a cascading cycle").isFalse();
        assertThat(graph.deleteMayBeRefusedBeneath("items")).as("its own RESTRICT").isTrue();
        // pins_note's ON UPDATE is RESTRICT by default: the SET NULL of notes.order_id would be refused there
        assertThat(graph.deleteMayBeRefusedBeneath("orders")).isTrue();
        assertThat(graph.deleteMayBeRefusedBeneath("customers")).as("through orders").isTrue();
    }

    @Test
    void findsSelfReferencesAndLongerCycles() {
        assertThat(graph("""
                relationships:
                  - {name: tree, child: categories(parent_id), parent: categories(id), on-delete: cascade}
                """).cycle()).contains(java.util.List.of("categories", "categories"));
        assertThat(graph("""
                relationships:
                  - {name: ab, child: b(a_id), parent: a(id)}
                  - {name: bc, child: c(b_id), parent: b(id)}
                  - {name: ca, child: a(c_id), parent: c(id)}
                """).cycle()).contains(java.util.List.of("a", "b", "c", "a"));
    }

    @Test
    void aDiamondIsNotACycle() {
        assertThat(graph("""
                relationships:
                  - {name: b_a, child: b(a_id), parent: a(id)}
                  - {name: c_a, child: c(a_id), parent: a(id)}
                  - {name: d_b, child: d(b_id), parent: b(id)}
                  - {name: d_c, child: d(c_id), parent: c(id)}
                """).hasCycle()).isFalse();
    }
}
