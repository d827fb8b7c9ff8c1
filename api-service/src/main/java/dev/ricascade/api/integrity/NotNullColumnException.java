package dev.ricascade.api.integrity;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/**
 * A SET NULL action (or an ON UPDATE CASCADE of a NULL) would write NULL into a NOT NULL child column of
 * existing rows, which InnoDB refuses. 409.
 */
public class NotNullColumnException extends RestrictedException {

    private final String column;

    NotNullColumnException(String change, boolean onDelete, Relationship relationship, List<Object> parentValues,
                           String column, long blockingRows) {
        super(change + " is refused: " + blocking(onDelete, relationship, parentValues, blockingRows)
                + ", which would set their NOT NULL column " + relationship.child().table() + "." + column
                + " to NULL. Delete or re-point those rows first, or make the column nullable.", relationship, blockingRows);
        this.column = column;
    }

    /** The NOT NULL child column that would be set to NULL. */
    public String column() {
        return column;
    }
}
