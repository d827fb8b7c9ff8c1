package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.list;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.convert.DurationStyle;

import dev.ricascade.manifest.ManifestLoader;

/**
 * What each service's deployment, in docker-compose.yml and in a Kubernetes overlay, must agree on with
 * the service's real configuration: its port, its health groups, its graceful shutdown, the properties
 * its environment sets, the manifest it mounts. Each service's tests call these with their own
 * {@link ServiceConfiguration}.
 */
public final class DeploymentAgreement {

    /** The keys of the Secret ricascade-credentials that the services' containers read. */
    public static final Set<String> CREDENTIAL_KEYS = Set.of("mysql-username", "mysql-password", "rabbitmq-username",
            "rabbitmq-password");

    private DeploymentAgreement() {
    }

    /** The service in docker-compose.yml, read with the variables of .env.example. */
    public static void assertComposeAgrees(ServiceConfiguration configuration) {
        Map<String, Object> service = composeService(configuration.name());
        Map<String, Object> environment = map(service, "environment");
        configuration.assertBinds(environment.keySet(), "docker-compose.yml's " + configuration.name());

        int port = configuration.port();
        assertThat(list(service.get("ports"), "ports")).singleElement().asString().endsWith(":" + port);
        assertThat(list(map(service, "healthcheck").get("test"), "healthcheck.test"))
                .contains("http://localhost:" + port + configuration.healthGroupPath("readiness"));

        assertComposeStopsGracefully(configuration);

        String manifest = String.valueOf(environment.get("RICASCADE_MANIFEST"));
        assertThat(manifest).startsWith("file:");
        List<Map<String, Object>> mounts = new ArrayList<>();
        list(service.get("volumes"), "volumes").forEach(v -> mounts.add(asMap(v, "volume")));
        assertThat(mounts).singleElement().satisfies(mount -> {
            assertThat(mount).containsEntry("source", "./relationships.yml").containsEntry("read_only", true)
                    .containsEntry("target", manifest.substring("file:".length()));
        });
        // the mounted file is a manifest the services accept
        assertThat(ManifestLoader.load(DeploymentFiles.file("relationships.yml")).relationships()).isNotEmpty();
    }

    /** Docker waits long enough for Spring's graceful shutdown before it kills the container. */
    public static void assertComposeStopsGracefully(ServiceConfiguration configuration) {
        Duration grace = DurationStyle.detectAndParse(String.valueOf(composeService(configuration.name()).get("stop_grace_period")));
        assertThat(grace).as("%s's stop_grace_period", configuration.name())
                .isGreaterThan(configuration.shutdownTimeout().plusSeconds(5));
    }

    /** The service's Deployment, Service and PodDisruptionBudget in a rendered overlay. */
    public static void assertKubernetesAgrees(RenderedOverlay overlay, ServiceConfiguration configuration) {
        String name = configuration.name();
        Map<String, Object> deployment = overlay.one("Deployment", name);
        Map<String, Object> container = overlay.container(name);
        int port = configuration.port();

        Map<String, Object> http = asMap(list(container.get("ports"), "ports").get(0), "port");
        assertThat(http).containsEntry("name", "http").containsEntry("containerPort", port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
            assertThat(map(container, probe, "httpGet")).as("%s %s", name, probe)
                    .containsEntry("path", configuration.healthGroupPath(group)).containsEntry("port", "http");
        }
        Map<String, Object> service = map(overlay.one("Service", name), "spec");
        assertThat(asMap(list(service.get("ports"), "ports").get(0), "port")).containsEntry("port", port).containsEntry("targetPort", "http");
        Map<String, Object> podLabels = map(deployment, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(map(service, "selector"));
        assertThat(podLabels).containsAllEntriesOf(map(overlay.one("PodDisruptionBudget", name), "spec", "selector", "matchLabels"));

        configuration.assertBinds(overlay.environmentNames(container), overlay.name() + "'s " + name + " Deployment");
        assertKubernetesStopsGracefully(overlay, configuration);

        String manifest = String.valueOf(overlay.config().get("RICASCADE_MANIFEST"));
        assertThat(manifest).startsWith("file:");
        Path manifestPath = Path.of(manifest.substring("file:".length()));
        Map<String, Object> mount = list(container.get("volumeMounts"), "volumeMounts").stream().map(m -> asMap(m, "mount"))
                .filter(m -> manifestPath.getParent().toString().equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " mounts nothing at " + manifestPath.getParent()));
        assertThat(mount).containsEntry("readOnly", true);
        Map<String, Object> volume = list(map(deployment, "spec", "template", "spec").get("volumes"), "volumes").stream()
                .map(v -> asMap(v, "volume")).filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        Map<String, Object> configMap = overlay.one("ConfigMap", "ricascade-manifest");
        assertThat(map(volume, "configMap")).containsEntry("name", RenderedOverlay.name(configMap));
        assertThat(map(configMap, "data")).containsKey(manifestPath.getFileName().toString());

        for (String key : RenderedOverlay.secretKeys(container)) {
            assertThat(CREDENTIAL_KEYS).as("%s reads the Secret key %s", name, key).contains(key);
        }
    }

    /**
     * The pod's grace period covers the preStop pause (endpoints leave the Service's load balancers)
     * plus Spring's graceful shutdown phase, in which the cleanup service finishes or hands back its batch.
     */
    public static void assertKubernetesStopsGracefully(RenderedOverlay overlay, ServiceConfiguration configuration) {
        Map<String, Object> pod = map(overlay.one("Deployment", configuration.name()), "spec", "template", "spec");
        List<Object> preStop = list(map(overlay.container(configuration.name()), "lifecycle", "preStop", "exec")
                .get("command"), "preStop");
        assertThat(preStop.get(0)).isEqualTo("sleep");
        Duration needed = configuration.shutdownTimeout().plusSeconds(Long.parseLong(String.valueOf(preStop.get(1))))
                .plusSeconds(5);
        assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
                .as("%s's terminationGracePeriodSeconds", configuration.name()).isGreaterThan(needed);
    }

    private static Map<String, Object> composeService(String name) {
        return map(DeploymentFiles.compose(DeploymentFiles.envExample()), "services", name);
    }
}
