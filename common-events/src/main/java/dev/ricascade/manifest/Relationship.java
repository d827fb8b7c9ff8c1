package dev.ricascade.manifest;

/**
 * One relationship the database does not enforce: what a FOREIGN KEY would have declared.
 *
 * @param name     unique in the manifest; names metrics, logs and errors
 * @param child    the referencing table and columns
 * @param parent   the referenced table and columns, in the order matching {@code child}
 * @param onDelete what happens to children when the parent row is deleted
 * @param onUpdate what happens to children when the parent's referenced columns change
 */
public record Relationship(String name, TableColumns child, TableColumns parent,
                           ReferentialAction onDelete, ReferentialAction onUpdate) {

    public boolean isSelfReferencing() {
        return child.table().equals(parent.table());
    }

    @Override
    public String toString() {
        return name + " [" + child + " -> " + parent + ", on delete " + onDelete.manifestName()
                + ", on update " + onUpdate.manifestName() + "]";
    }
}
