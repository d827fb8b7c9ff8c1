package dev.ricascade.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The repository's deployment files, read as data: docker-compose.yml with the variables of
 * .env.example, the Kubernetes manifests, the root relationships.yml. Everything is plain maps and
 * lists as SnakeYAML gives them; {@link #map}, {@link #asMap} and {@link #list} walk them with a readable failure.
 */
public final class DeploymentFiles {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[?-][^}]*)?}|\\$\\$");

    private DeploymentFiles() {
    }

    /** The repository root: the nearest folder upwards from the working directory that holds docker-compose.yml. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("relationships.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml with a relationships.yml beside it above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML document as maps and lists. */
    public static Map<String, Object> yaml(String text) {
        return asMap(new Yaml().load(text), "document");
    }

    /** Every document of a YAML stream (empty ones left out). */
    public static List<Map<String, Object>> yamlAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                documents.add(asMap(document, "document"));
            }
        }
        return documents;
    }

    /** The variables a person copies from .env.example into .env. */
    public static Map<String, String> envExample() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : read(file(".env.example")).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int eq = trimmed.indexOf('=');
                values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        }
        return values;
    }

    /** The compose file as docker compose sees it with the given variables: interpolated, then parsed. */
    public static Map<String, Object> compose(Map<String, String> variables) {
        return yaml(interpolate(read(file("docker-compose.yml")), variables));
    }

    /** The variables the compose file uses, {@code ${NAME}} in any of its forms. */
    public static List<String> composeVariables() {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(read(file("docker-compose.yml")));
        while (m.find()) {
            if (m.group(1) != null && !names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Compose's interpolation: {@code ${NAME}}, {@code ${NAME:?message}}, {@code ${NAME:-default}}, and {@code $$} for a dollar. */
    static String interpolate(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "$";
            } else if (variables.containsKey(m.group(1))) {
                replacement = variables.get(m.group(1));
            } else {
                throw new AssertionError("docker-compose.yml uses ${" + m.group(1) + "}, which .env.example does not define");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new AssertionError(where + " should be a mapping but is " + value);
        }
        return (Map<String, Object>) value;
    }

    public static Map<String, Object> map(Map<String, Object> parent, String... path) {
        Object value = parent;
        StringBuilder where = new StringBuilder();
        for (String key : path) {
            where.append(where.isEmpty() ? "" : ".").append(key);
            value = asMap(value, where.toString()).get(key);
        }
        return asMap(value, where.toString());
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            throw new AssertionError(where + " should be a list but is " + value);
        }
        return (List<Object>) value;
    }
}
