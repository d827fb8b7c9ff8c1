package dev.ricascade.cleanup.tooling;

/**
 * The manifest tools' exit statuses, one meaning each, for scripts and CI jobs that run them (docs/manifest-tools.md
 * lists the same table).
 */
enum ExitStatus {

    /** The tool did what was asked. */
    OK(0),
    /** It ran, and what it found is a failure: the check found errors, or the import found no FOREIGN KEY to import. */
    FOUND_PROBLEMS(1),
    /**
     * It could not run: an unknown tool, a manifest that cannot be read, an output file that exists (without
     * {@code --force}) or cannot be written, a database that refused (unknown database, credentials, unreachable).
     */
    CANNOT_RUN(2);

    final int code;

    ExitStatus(int code) {
        this.code = code;
    }
}
