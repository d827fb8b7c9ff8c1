package dev.ricascade.cleanup.tooling;

/**
 * One thing the manifest check found: what is wrong, where, and how to fix it.
 *
 * @param severity an error stops the cleanup service from starting; a warning is logged
 * @param subject  the relationship (or soft-delete table) it concerns
 * @param message  what is wrong and what to do about it
 */
record Finding(Severity severity, String subject, String message) {

    enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return severity + " " + subject + ": " + message;
    }
}
