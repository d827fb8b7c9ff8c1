package dev.ricascade.manifest;

import java.util.List;

/** The manifest cannot be used. Lists every problem found, each naming file, relationship and field. */
public class ManifestException extends RuntimeException {

    private final List<String> problems;

    public ManifestException(String source, List<String> problems) {
        super("invalid relationship manifest " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
