package dev.ricascade.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The relationship manifest: every relationship both services enforce.
 *
 * @param source        where it was read from, for error messages
 * @param relationships in manifest order
 */
public record Manifest(String source, List<Relationship> relationships) {

    public Manifest {
        relationships = List.copyOf(relationships);
    }

    public Optional<Relationship> relationship(String name) {
        return relationships.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public RelationshipGraph graph() {
        return new RelationshipGraph(relationships);
    }
}
