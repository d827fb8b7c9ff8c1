package dev.ricascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.convert.DurationStyle;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's real configuration, which its deployment files must agree with, read from what its build
 * produced: its {@code application.yml} and the configuration metadata that Spring Boot's configuration
 * processor writes at compile time ({@code META-INF/spring-configuration-metadata.json}: every property of
 * its {@code @ConfigurationProperties} records, with their defaults). Each service's tests read their own,
 * from the folder its application class was loaded from; nothing parses Java source.
 *
 * @param properties every property the service binds: its application.yml's keys and every property in the
 *                   metadata on its classpath (its own and Spring Boot's)
 * @param defaults   the defaults of the service's own properties, as the metadata gives them
 */
public record ServiceConfiguration(String name, Map<String, String> applicationYml, Set<String> properties,
        Map<String, String> defaults) {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The configuration of the service whose {@code @SpringBootApplication} class is {@code application}. */
    public static ServiceConfiguration of(String name, Class<?> application) {
        Path classes = classesOf(application);
        Map<String, String> yml = new LinkedHashMap<>();
        Path applicationYml = classes.resolve("application.yml");
        assertThat(applicationYml).as("%s's configuration", name).isRegularFile();
        flatten("", DeploymentFiles.yaml(DeploymentFiles.read(applicationYml)), yml);

        Path ownMetadata = classes.resolve(METADATA);
        assertThat(ownMetadata).as("%s's configuration metadata, written by spring-boot-configuration-processor at "
                + "compile time (an optional dependency in its pom.xml)", name).isRegularFile();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (JsonNode property : metadata(ownMetadata)) {
            JsonNode value = property.path("defaultValue");
            if (!value.isMissingNode() && !value.isNull()) {
                defaults.put(property.path("name").asString(), value.isArray() ? arrayText(value) : value.asString());
            }
        }

        Set<String> properties = new TreeSet<>(yml.keySet());
        try {
            for (URL url : Collections.list(application.getClassLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    JSON.readTree(in).path("properties").forEach(p -> properties.add(p.path("name").asString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfiguration(name, yml, properties, defaults);
    }

    public int port() {
        return Integer.parseInt(required("server.port"));
    }

    /** A property's default, as the service's {@code @ConfigurationProperties} record declares it. */
    public String defaultValue(String property) {
        assertThat(defaults).as("%s's defaults (its configuration metadata)", name).containsKey(property);
        return defaults.get(property);
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
        assertThat(unknown).as("environment variables in %s that %s has no property for (neither its application.yml "
                + "nor the configuration metadata on its classpath names one)", where, name).isEmpty();
    }

    public static String environmentForm(String property) {
        return property.replace('.', '_').replace("-", "").replaceAll("\\[(\\d+)]", "_$1").toUpperCase(Locale.ROOT);
    }

    private String required(String key) {
        String value = applicationYml.get(key);
        assertThat(value).as("%s's application.yml sets %s", name, key).isNotNull();
        return value;
    }

    /** The folder (target/classes) the application class was loaded from. */
    private static Path classesOf(Class<?> application) {
        try {
            Path location = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(Files.isDirectory(location)).as("%s was loaded from its module's classes folder, not %s",
                    application.getName(), location).isTrue();
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode metadata(Path file) {
        JsonNode properties = JSON.readTree(DeploymentFiles.read(file)).path("properties");
        assertThat(properties.isArray()).as("%s lists properties", file).isTrue();
        return properties;
    }

    private static String arrayText(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asString()));
        return String.join(",", items);
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
}
