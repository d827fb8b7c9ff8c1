package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks run the JVM the containers run (pom.xml's {@code benchmark.jvm}): the Dockerfile's flags, a memory
 * limit that is the one docker-compose.yml and Kubernetes give our services, and the Serial collector that the JVM's
 * ergonomics choose within that limit. A latency measured on another collector and heap is not the shipped one's.
 */
class BenchmarkJvmTests {

    private static final Pattern PROPERTY = Pattern.compile("<benchmark\\.jvm>([^<]+)</benchmark\\.jvm>");
    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT\\s*\\[(.*)]\\s*$", Pattern.MULTILINE);
    private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAM=(\\d+)m");
    /** Below this much memory HotSpot does not count the machine as server-class, and picks the Serial collector. */
    private static final long SERVER_CLASS_MIB = 1792;
    private static final String IMAGE = "ricascade/";

    private final List<String> options = benchmarkJvm();

    @Test
    void takesEveryJvmFlagOfTheImagesEntrypoint() {
        Matcher entrypoint = ENTRYPOINT.matcher(DeploymentFiles.read(DeploymentFiles.file("Dockerfile")));
        assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
        List<String> flags = Arrays.stream(entrypoint.group(1).split(","))
                .map(s -> s.strip().replaceAll("^\"|\"$", "")).filter(s -> s.startsWith("-XX:")).toList();
        assertThat(flags).as("the image's JVM flags").isNotEmpty();
        assertThat(options).containsAll(flags);
    }

    @Test
    void runsTheSerialCollectorTheErgonomicsChooseBelowAServerClassMachine() {
        assertThat(maxRamMib()).isLessThan(SERVER_CLASS_MIB);
        assertThat(options).contains("-XX:+UseSerialGC");
    }

    @Test
    void hasTheMemoryComposeGivesEachOfOurServices() {
        Map<String, Object> services = map(DeploymentFiles.compose(DeploymentFiles.envExample()), "services");
        List<String> checked = new ArrayList<>();
        services.forEach((name, definition) -> {
            Map<String, Object> service = asMap(definition, name);
            if (String.valueOf(service.get("image")).startsWith(IMAGE)) {
                Object limit = map(service, "deploy", "resources", "limits").get("memory");
                assertThat(mib(String.valueOf(limit))).as("compose's %s memory limit", name).isEqualTo(maxRamMib());
                checked.add(name);
            }
        });
        assertThat(checked).contains("api-service", "cleanup-service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void hasTheMemoryKubernetesGivesEachOfOurContainers(String overlay) {
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> resource : RenderedOverlay.of(overlay).resources()) {
            for (Map<String, Object> container : RenderedOverlay.containers(resource)) {
                if (String.valueOf(container.get("image")).contains(IMAGE)) {
                    Object limit = map(container, "resources", "limits").get("memory");
                    assertThat(mib(String.valueOf(limit))).as("%s's %s memory limit", overlay, RenderedOverlay.name(resource))
                            .isEqualTo(maxRamMib());
                    checked.add(RenderedOverlay.name(resource));
                }
            }
        }
        assertThat(checked).contains("api-service", "cleanup-service");
    }

    private long maxRamMib() {
        return options.stream().map(MAX_RAM::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                .findFirst().orElseThrow(() -> new AssertionError("benchmark.jvm sets no -XX:MaxRAM=<n>m: " + options));
    }

    /** A memory quantity as compose ({@code 768m}) or Kubernetes ({@code 768Mi}, {@code 1Gi}) writes it, in MiB. */
    private static long mib(String quantity) {
        Matcher m = Pattern.compile("(\\d+)\\s*(mi?|gi?)b?", Pattern.CASE_INSENSITIVE).matcher(quantity.strip());
        assertThat(m.matches()).as("a memory quantity in MiB or GiB: %s", quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).toLowerCase(Locale.ROOT).startsWith("g") ? n * 1024 : n;
    }

    private static List<String> benchmarkJvm() {
        Matcher property = PROPERTY.matcher(DeploymentFiles.read(DeploymentFiles.file("pom.xml")));
        assertThat(property.find()).as("pom.xml's benchmark.jvm").isTrue();
        return List.of(property.group(1).strip().split("\\s+"));
    }
}
