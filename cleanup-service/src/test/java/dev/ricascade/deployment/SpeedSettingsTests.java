package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.list;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;

import dev.ricascade.cleanup.CleanupApplication;

/**
 * The deployments run the cleanup service at the settings the benchmarks measure (docs/benchmarks.md): the defaults of
 * its {@code @ConfigurationProperties} record, as its configuration metadata gives them, and the connection pool of its
 * application.yml. Neither application.yml, docker-compose.yml nor a Kubernetes overlay may set one of them to anything
 * else, in any of the spellings Spring Boot binds from the environment or the command line.
 */
class SpeedSettingsTests {

    private static final ServiceConfiguration CLEANUP = ServiceConfiguration.of("cleanup-service", CleanupApplication.class);
    private static final List<String> ENGINE = List.of("ricascade.batch-size", "ricascade.statement-budget",
            "ricascade.concurrent-statements", "ricascade.shards", "ricascade.prefetch", "ricascade.combined-events");
    private static final String POOL = "spring.datasource.hikari.maximum-pool-size";
    /** Ways to hand the service settings that the checks below could not see. */
    private static final List<String> OPAQUE = List.of("SPRING_APPLICATION_JSON", "SPRING_CONFIG_LOCATION",
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_CONFIG_IMPORT", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");
    private static final String IMAGE = "ricascade/cleanup-service";

    @Test
    void applicationYmlLeavesTheEngineAtItsDefaultsAndSetsThePool() {
        for (String property : ENGINE) {
            String value = CLEANUP.applicationYml().get(property);
            if (value != null) {
                assertThat(same(property, value, CLEANUP.defaultValue(property)))
                        .as("application.yml sets %s to %s, its default is %s", property, value, CLEANUP.defaultValue(property))
                        .isTrue();
            }
        }
        assertThat(CLEANUP.applicationYml().get(POOL)).as("application.yml sizes the pool the benchmarks measure").isNotNull();
    }

    @Test
    void composeRunsEveryCleanupContainerAtTheMeasuredSettings() {
        Map<String, Object> services = map(DeploymentFiles.compose(DeploymentFiles.envExample()), "services");
        List<String> checked = new ArrayList<>();
        services.forEach((name, definition) -> {
            Map<String, Object> service = asMap(definition, name);
            if (String.valueOf(service.get("image")).startsWith(IMAGE)) {
                assertThat(service).as("compose's %s takes its environment from this file alone", name).doesNotContainKey("env_file");
                Map<String, String> environment = new LinkedHashMap<>();
                map(service, "environment").forEach((k, v) -> environment.put(k, String.valueOf(v)));
                assertThat(overrides(environment, arguments(service.get("command"), service.get("entrypoint"))))
                        .as("docker-compose.yml's %s changes the measured settings", name).isEmpty();
                checked.add(name);
            }
        });
        assertThat(checked).contains("cleanup-service", "capture");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesRunsEveryCleanupContainerAtTheMeasuredSettings(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> resource : rendered.resources()) {
            for (Map<String, Object> container : RenderedOverlay.containers(resource)) {
                if (String.valueOf(container.get("image")).contains(IMAGE)) {
                    String where = overlay + "'s " + resource.get("kind") + " " + RenderedOverlay.name(resource);
                    assertThat(overrides(environment(rendered, container), arguments(container.get("command"),
                            container.get("args")))).as("%s changes the measured settings", where).isEmpty();
                    checked.add(RenderedOverlay.name(resource));
                }
            }
        }
        assertThat(checked).contains("cleanup-service", "capture");
    }

    @Test
    void aSettingInAnySpellingSpringBindsIsCaught() {
        assertThat(overrides(Map.of("RICASCADE_BATCHSIZE", "500"), List.of())).hasSize(1);
        assertThat(overrides(Map.of("RICASCADE_BATCH_SIZE", "500"), List.of())).hasSize(1);
        assertThat(overrides(Map.of("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "4"), List.of())).hasSize(1);
        assertThat(overrides(Map.of(), List.of("--ricascade.concurrent-statements=4"))).hasSize(1);
        assertThat(overrides(Map.of("JAVA_TOOL_OPTIONS", "-Dricascade.shards=4"), List.of())).hasSize(1);
        assertThat(overrides(Map.of("RICASCADE_STATEMENTBUDGET", "PT0.05S", "RICASCADE_SHARDS",
                CLEANUP.defaultValue("ricascade.shards")), List.of())).as("the defaults, spelt otherwise").isEmpty();
    }

    /** What in a container's environment and arguments sets a measured setting to another value, or could. */
    private static List<String> overrides(Map<String, String> environment, List<String> arguments) {
        List<String> found = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (OPAQUE.contains(name)) {
                found.add(name + "=" + value + " (settings this test cannot read)");
            }
            for (String property : measured()) {
                if (squashed(name).equals(squashed(property)) && !same(property, value, expected(property))) {
                    found.add(name + "=" + value + " (" + property + ", measured at " + expected(property) + ")");
                }
            }
        });
        for (String argument : arguments) {
            if (argument.startsWith("--") || argument.startsWith("-D")) {
                String[] setting = argument.replaceFirst("^(--|-D)", "").split("=", 2);
                for (String property : measured()) {
                    if (squashed(setting[0]).equals(squashed(property))
                            && (setting.length < 2 || !same(property, setting[1], expected(property)))) {
                        found.add(argument + " (" + property + ", measured at " + expected(property) + ")");
                    }
                }
            }
        }
        return found;
    }

    private static List<String> measured() {
        List<String> properties = new ArrayList<>(ENGINE);
        properties.add(POOL);
        return properties;
    }

    /** The engine's defaults from the metadata, the pool from application.yml. */
    private static String expected(String property) {
        return property.equals(POOL) ? CLEANUP.applicationYml().get(POOL) : CLEANUP.defaultValue(property);
    }

    /** A property's name as the environment may spell it: no dots, dashes or underscores, upper case. */
    private static String squashed(String name) {
        return name.replaceAll("[._-]", "").toUpperCase(Locale.ROOT);
    }

    private static boolean same(String property, String value, String expected) {
        if (property.equals("ricascade.statement-budget")) {
            try {
                return DurationStyle.detectAndParse(value.strip()).equals(DurationStyle.detectAndParse(expected));
            } catch (IllegalArgumentException notADuration) {
                return false;
            }
        }
        return value.strip().equals(expected);
    }

    /** A container's environment with values: its ConfigMaps taken whole, then its own entries. */
    private static Map<String, String> environment(RenderedOverlay overlay, Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (container.get("envFrom") != null) {
            for (Object source : list(container.get("envFrom"), "envFrom")) {
                Map<String, Object> from = asMap(source, "envFrom");
                assertThat(from).as("envFrom takes ConfigMaps only, which this test reads").containsOnlyKeys("configMapRef");
                String configMap = String.valueOf(map(from, "configMapRef").get("name"));
                overlay.resources().stream().filter(r -> "ConfigMap".equals(r.get("kind")) && configMap.equals(RenderedOverlay.name(r)))
                        .findFirst().ifPresent(c -> map(c, "data").forEach((k, v) -> environment.put(k, String.valueOf(v))));
            }
        }
        if (container.get("env") != null) {
            for (Object item : list(container.get("env"), "env")) {
                Map<String, Object> variable = asMap(item, "env");
                Object valueFrom = variable.get("valueFrom");
                String value = valueFrom == null ? String.valueOf(variable.get("value"))
                        : "(from " + asMap(valueFrom, "valueFrom").keySet() + ")";
                environment.put(String.valueOf(variable.get("name")), value);
            }
        }
        return environment;
    }

    private static List<String> arguments(Object... lists) {
        List<String> arguments = new ArrayList<>();
        for (Object value : lists) {
            if (value instanceof List<?> items) {
                items.stream().filter(Objects::nonNull).map(String::valueOf).forEach(arguments::add);
            } else if (value != null) {
                arguments.addAll(List.of(String.valueOf(value).split("\\s+")));
            }
        }
        return arguments;
    }
}
