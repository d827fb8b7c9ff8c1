package dev.ricascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import dev.ricascade.cleanup.CleanupApplication;

/**
 * A service's real configuration, which its deployment files must agree with: its
 * {@code application.yml} and the properties its {@code @ConfigurationProperties} records bind.
 * The cleanup service's records are read by reflection. The API service is not on this module's
 * classpath, so its records are read from its sources; until api-service is on the branch at all,
 * {@link #api()} is empty.
 */
public record ServiceConfiguration(String name, Map<String, String> applicationYml, Set<String> properties) {

    private static final Pattern PROPERTIES_PREFIX = Pattern.compile("@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"");

    public static ServiceConfiguration cleanup() {
        Map<String, String> yml = applicationYml("cleanup-service");
        Set<String> properties = new TreeSet<>(yml.keySet());
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents(CleanupApplication.class.getPackageName())) {
            Class<?> type = load(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            addRecordProperties(type, prefix, properties);
        }
        return new ServiceConfiguration("cleanup-service", yml, properties);
    }

    /** The API service's configuration, once its module has sources on this branch. */
    public static Optional<ServiceConfiguration> api() {
        Path sources = DeploymentFiles.file("api-service/src/main");
        if (!Files.isDirectory(sources)) {
            return Optional.empty();
        }
        Map<String, String> yml = applicationYml("api-service");
        Set<String> properties = new TreeSet<>(yml.keySet());
        try (Stream<Path> files = Files.walk(sources.resolve("java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = DeploymentFiles.read(file);
                Matcher prefix = PROPERTIES_PREFIX.matcher(source);
                if (prefix.find()) {
                    String typeName = file.getFileName().toString().replace(".java", "");
                    addSourceRecordProperties(source, typeName, prefix.group(1), properties);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new ServiceConfiguration("api-service", yml, properties));
    }

    public int port() {
        return Integer.parseInt(required("server.port"));
    }

    /** The path of an actuator health group (liveness, readiness), which must be enabled. */
    public String healthGroupPath(String group) {
        assertThat(applicationYml.get("management.endpoint.health.probes.enabled"))
                .as("%s's application.yml enables the health probes (management.endpoint.health.probes.enabled)", name)
                .isEqualTo("true");
        String base = applicationYml.getOrDefault("management.endpoints.web.base-path", "/actuator");
        return base + "/health/" + group;
    }

    /** How long the service may take to stop gracefully: its lifecycle's shutdown phase timeout. */
    public Duration shutdownTimeout() {
        assertThat(applicationYml.get("server.shutdown")).as("%s's server.shutdown", name).isEqualTo("graceful");
        return DurationStyle.detectAndParse(applicationYml.getOrDefault("spring.lifecycle.timeout-per-shutdown-phase", "30s"));
    }

    /**
     * Fails unless every variable names a property the service really has, in the form Spring Boot
     * binds from the environment (dots to underscores, dashes removed, upper case).
     */
    public void assertBinds(Iterable<String> environmentVariables, String where) {
        Set<String> known = new TreeSet<>();
        properties.forEach(p -> known.add(environmentForm(p)));
        List<String> unknown = new ArrayList<>();
        environmentVariables.forEach(variable -> {
            if (!known.contains(variable)) {
                unknown.add(variable);
            }
        });
        assertThat(unknown).as("environment variables in %s that %s has no property for (its application.yml and "
                + "@ConfigurationProperties records bind %s)", where, name, known).isEmpty();
    }

    public static String environmentForm(String property) {
        return property.replace('.', '_').replace("-", "").replaceAll("\\[(\\d+)]", "_$1").toUpperCase(Locale.ROOT);
    }

    private String required(String key) {
        String value = applicationYml.get(key);
        assertThat(value).as("%s's application.yml sets %s", name, key).isNotNull();
        return value;
    }

    private static Map<String, String> applicationYml(String module) {
        Path file = DeploymentFiles.file(module + "/src/main/resources/application.yml");
        assertThat(file).as("%s's configuration", module).isRegularFile();
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", DeploymentFiles.yaml(DeploymentFiles.read(file)), flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, value == null ? "" : String.valueOf(value));
        }
    }

    private static void addRecordProperties(Class<?> type, String prefix, Set<String> into) {
        for (RecordComponent component : type.getRecordComponents()) {
            String property = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                addRecordProperties(component.getType(), property, into);
            } else {
                into.add(property);
            }
        }
    }

    /** The components of {@code record typeName(...)} in a source file, nested records of the same file followed. */
    private static void addSourceRecordProperties(String source, String typeName, String prefix, Set<String> into) {
        Matcher header = Pattern.compile("\\brecord\\s+" + typeName + "\\s*\\(").matcher(source);
        if (!header.find()) {
            throw new AssertionError("@ConfigurationProperties type " + typeName + " is not a record; read its properties another way");
        }
        for (String component : topLevelSplit(source, header.end())) {
            String[] words = component.replaceAll("@\\w+(\\([^)]*\\))?", " ").trim().split("\\s+");
            String name = words[words.length - 1];
            String type = words[words.length - 2].replaceAll("<.*", "");
            String property = prefix + "." + kebab(name);
            if (Pattern.compile("\\brecord\\s+" + type + "\\s*\\(").matcher(source).find()) {
                addSourceRecordProperties(source, type, property, into);
            } else {
                into.add(property);
            }
        }
    }

    /** The comma-separated parts of a parameter list starting at {@code start}, up to its closing parenthesis. */
    private static List<String> topLevelSplit(String source, int start) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder part = new StringBuilder();
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' && source.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '<' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '>' || c == '}')) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
