package dev.ricascade.api.integrity;

import java.util.List;

import dev.ricascade.manifest.Relationship;

/** The integrity package's refusals, for tests elsewhere that need one thrown (their constructors are the package's). */
public final class Refusals {

    public static RestrictedException restricted(String change, Relationship relationship, List<Object> values,
                                                 long blockingRows) {
        return new RestrictedException(change, true, relationship, values, blockingRows);
    }

    public static NotNullColumnException notNullColumn(String change, Relationship relationship, List<Object> values,
                                                       String column, long blockingRows) {
        return new NotNullColumnException(change, true, relationship, values, column, blockingRows);
    }

    public static PendingCascadeException pendingCascade(String message, String eventId) {
        return new PendingCascadeException(message, eventId);
    }

    public static PendingDuplicateException pendingDuplicate(String message, String eventId, String uniqueKey) {
        return new PendingDuplicateException(message, eventId, uniqueKey);
    }

    public static MissingParentException missingParent(Relationship relationship, List<Object> values) {
        return new MissingParentException(relationship, values, relationship, values);
    }

    private Refusals() {
    }
}
