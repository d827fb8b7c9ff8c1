package dev.ricascade.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The relationship manifest: every relationship both services enforce.
 *
 * @param source        where it was read from, for error messages
 * @param relationships in manifest order
 * @param softDeletes   the tables deleted by flagging rows first, in manifest order
 */
public record Manifest(String source, List<Relationship> relationships, List<SoftDelete> softDeletes) {

    public Manifest {
        relationships = List.copyOf(relationships);
        softDeletes = List.copyOf(softDeletes);
    }

    public Manifest(String source, List<Relationship> relationships) {
        this(source, relationships, List.of());
    }

    /** The soft-delete flag column of this table, if the manifest declares one. */
    public Optional<String> softDeleteColumn(String table) {
        return softDeletes.stream().filter(s -> s.table().equals(table)).map(SoftDelete::column).findFirst();
    }

    public Optional<Relationship> relationship(String name) {
        return relationships.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public RelationshipGraph graph() {
        return new RelationshipGraph(relationships);
    }
}
