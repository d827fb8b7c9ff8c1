package dev.ricascade.cleanup.tooling;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a tool's text goes: standard output, or the files named by its options. An existing file is
 * never overwritten unless {@code --force} says so, because the file a tool is pointed at is usually the
 * repository's own {@code relationships.yml}.
 */
final class ToolOutput {

    /** Thrown before anything is written when a file exists and overwriting was not asked for. */
    static final class FileExistsException extends IllegalArgumentException {

        FileExistsException(Path file) {
            super(file + " exists already; nothing was written. Add --force to overwrite it, or name another file");
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final boolean force;

    ToolOutput(PrintStream out, PrintStream err, boolean force) {
        this.out = out;
        this.err = err;
        this.force = force;
    }

    /** Refuses up front, before the tool does any work, when one of these files exists (nulls are standard output). */
    void checkWritable(String... files) {
        if (force) {
            return;
        }
        Arrays.stream(files).filter(Objects::nonNull).map(Path::of).filter(Files::exists).findFirst().ifPresent(file -> {
            throw new FileExistsException(file);
        });
    }

    /** Writes the text to the file, or to standard output when the file is null. */
    void write(String text, String file) {
        if (file == null) {
            out.print(text);
            return;
        }
        checkWritable(file);
        try {
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            err.println("wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
