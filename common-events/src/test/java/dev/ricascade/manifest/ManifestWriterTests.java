package dev.ricascade.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestWriterTests {

    @Test
    void writesYamlThatLoadsBackEqual() {
        Manifest manifest = new Manifest("memory", List.of(
                new Relationship("lines_order", new TableColumns("lines", List.of("order_id")),
                        new TableColumns("orders", List.of("id")), ReferentialAction.CASCADE, ReferentialAction.RESTRICT),
                new Relationship("shipments_line", new TableColumns("shipments", List.of("order_id", "line_no")),
                        new TableColumns("lines", List.of("order_id", "line_no")), ReferentialAction.SET_NULL,
                        ReferentialAction.NO_ACTION)),
                List.of(new SoftDelete("orders", "is_deleted")));

        String yaml = ManifestWriter.write(manifest, "generated");

        assertThat(yaml).startsWith("# generated\ntables:\n  orders:\n    soft-delete: is_deleted\nrelationships:\n"
                + "  - name: lines_order\n    child: lines(order_id)\n    parent: orders(id)\n"
                + "    on-delete: cascade\n    on-update: restrict\n");
        assertThat(ManifestLoader.load(yaml, "memory")).isEqualTo(manifest);
    }

    @Test
    void writesAnEmptyManifestThatLoads() {
        Manifest empty = new Manifest("memory", List.of());

        assertThat(ManifestLoader.load(ManifestWriter.write(empty), "memory")).isEqualTo(empty);
    }
}
