package dev.ricascade.manifest;

/**
 * Writes a manifest as the YAML that {@link ManifestLoader} reads, every field spelled out, so that a
 * generated manifest reads like a hand-written one and loads back equal.
 */
public final class ManifestWriter {

    /** @param header comment lines put at the top (without the {@code #}), or none */
    public static String write(Manifest manifest, String... header) {
        StringBuilder yaml = new StringBuilder();
        for (String line : header) {
            yaml.append("# ").append(line).append('\n');
        }
        if (!manifest.softDeletes().isEmpty()) {
            yaml.append("tables:\n");
            for (SoftDelete softDelete : manifest.softDeletes()) {
                yaml.append("  ").append(softDelete.table()).append(":\n")
                        .append("    soft-delete: ").append(softDelete.column()).append('\n');
            }
        }
        yaml.append("relationships:");
        if (manifest.relationships().isEmpty()) {
            return yaml.append(" []\n").toString();
        }
        yaml.append('\n');
        for (Relationship relationship : manifest.relationships()) {
            yaml.append("  - name: ").append(relationship.name()).append('\n')
                    .append("    child: ").append(relationship.child()).append('\n')
                    .append("    parent: ").append(relationship.parent()).append('\n')
                    .append("    on-delete: ").append(relationship.onDelete().manifestName()).append('\n')
                    .append("    on-update: ").append(relationship.onUpdate().manifestName()).append('\n');
        }
        return yaml.toString();
    }

    private ManifestWriter() {
    }
}
