package dev.ricascade.api.integrity;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/**
 * A child row would reference a parent that does not exist, or one that is being deleted with an
 * ancestor whose cascade has not finished yet: what a FOREIGN KEY would refuse. 422.
 */
public class MissingParentException extends RuntimeException {

    private final Relationship relationship;

    MissingParentException(Relationship relationship, List<Object> values, Relationship missing, List<Object> missingValues) {
        super(message(relationship, values, missing, missingValues));
        this.relationship = relationship;
    }

    /** For callers that find the missing parent themselves, such as by a name the client gave. */
    protected MissingParentException(String message) {
        super(message);
        this.relationship = null;
    }

    /** @return the relationship whose parent is missing, or null when the caller found it out itself */
    public Relationship relationship() {
        return relationship;
    }

    private static String message(Relationship relationship, List<Object> values, Relationship missing,
                                  List<Object> missingValues) {
        String reference = relationship.child() + " = " + values + " must reference an existing row of "
                + relationship.parent() + " (relationship " + relationship.name() + ")";
        if (missing == relationship) {
            return reference + ", and there is none.";
        }
        return reference + ", and that row is being deleted: its ancestor " + missing.parent() + " = " + missingValues
                + " no longer exists (relationship " + missing.name() + ") and the cascade will remove it.";
    }
}
