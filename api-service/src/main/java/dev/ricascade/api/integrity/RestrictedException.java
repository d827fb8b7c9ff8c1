package dev.ricascade.api.integrity;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/** A relationship refuses a delete or key change, as InnoDB would: RESTRICT / NO ACTION with rows. 409. */
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
        this(change + " is refused: " + blocking(onDelete, relationship, parentValues, blockingRows)
                + ". Delete or re-point those rows first.", relationship, blockingRows);
    }

    RestrictedException(String message, Relationship relationship, long blockingRows) {
        super(message);
        this.relationship = relationship;
        this.blockingRows = blockingRows;
    }

    /**
     * An ON UPDATE CASCADE / SET NULL (or an ON DELETE SET NULL further down) would update a table that the same
     * cascade already updates, such as through a self-referencing ON UPDATE CASCADE: InnoDB refuses that as it
     * refuses RESTRICT, so that a cascade cannot loop.
     */
    static RestrictedException updatesTableAgain(String change, boolean onDelete, Relationship relationship,
                                                 List<Object> parentValues, long blockingRows) {
        return new RestrictedException(change + " is refused: " + blocking(onDelete, relationship, parentValues, blockingRows)
                + ", and that would update " + relationship.child().table() + " again within a cascade that already"
                + " updates it, which InnoDB refuses like RESTRICT. Delete or re-point those rows first.",
                relationship, blockingRows);
    }

    /** "2 row(s) of orders reference customers(id) = [1] through relationship orders_customer (on delete restrict)" */
    static String blocking(boolean onDelete, Relationship relationship, List<Object> parentValues, long blockingRows) {
        return blockingRows + " row(s) of " + relationship.child().table() + " reference " + relationship.parent()
                + " = " + parentValues + " through relationship " + relationship.name() + " (on "
                + (onDelete ? "delete " + relationship.onDelete().manifestName()
                : "update " + relationship.onUpdate().manifestName()) + ")";
    }

    public Relationship relationship() {
        return relationship;
    }

    public long blockingRows() {
        return blockingRows;
    }
}
