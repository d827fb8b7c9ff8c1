package dev.ricascade.cleanup.tooling;

import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.SoftDelete;

/**
 * The manifest as a Mermaid ER diagram: one edge per relationship, parent to child, labelled with its
 * name, columns and actions; soft-delete tables show their flag column.
 */
final class MermaidDiagram {

    static String of(Manifest manifest) {
        StringBuilder diagram = new StringBuilder("erDiagram\n");
        for (SoftDelete softDelete : manifest.softDeletes()) {
            diagram.append("    ").append(softDelete.table()).append(" {\n")
                    .append("        flag ").append(softDelete.column()).append(" \"soft delete\"\n")
                    .append("    }\n");
        }
        for (Relationship relationship : manifest.relationships()) {
            diagram.append("    ").append(relationship.parent().table()).append(" ||--o{ ").append(relationship.child().table())
                    .append(" : \"").append(label(relationship)).append("\"\n");
        }
        return diagram.toString();
    }

    private static String label(Relationship relationship) {
        String columns = String.join(", ", relationship.child().columns());
        if (!relationship.child().columns().equals(relationship.parent().columns())) {
            columns += " → " + String.join(", ", relationship.parent().columns());
        }
        return relationship.name() + " (" + columns + "): on delete " + relationship.onDelete().manifestName()
                + ", on update " + relationship.onUpdate().manifestName();
    }

    private MermaidDiagram() {
    }
}
