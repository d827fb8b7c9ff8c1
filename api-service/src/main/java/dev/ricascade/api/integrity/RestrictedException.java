package dev.ricascade.api.integrity;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/** A RESTRICT / NO ACTION relationship refuses a delete or key change, as InnoDB would. 409. */
public class RestrictedException extends RuntimeException {

    private final Relationship relationship;
    private final long blockingRows;

    /**
     * @param change       what was refused, such as "Deleting customers {id=1}"
     * @param onDelete     whether the relationship's on-delete (else its on-update) action refused
     * @param parentValues the referenced values that the blocking rows hold
     */
    RestrictedException(String change, boolean onDelete, Relationship relationship, List<Object> parentValues,
                        long blockingRows) {
        super(change + " is refused: " + blockingRows + " row(s) of " + relationship.child().table() + " reference "
                + relationship.parent() + " = " + parentValues + " through relationship " + relationship.name()
                + " (on " + (onDelete ? "delete " + relationship.onDelete().manifestName()
                : "update " + relationship.onUpdate().manifestName()) + "). Delete or re-point those rows first.");
        this.relationship = relationship;
        this.blockingRows = blockingRows;
    }

    public Relationship relationship() {
        return relationship;
    }

    public long blockingRows() {
        return blockingRows;
    }
}
