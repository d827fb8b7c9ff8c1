package dev.ricascade.cleanup.deployment;

import static dev.ricascade.cleanup.deployment.DeploymentFiles.asMap;
import static dev.ricascade.cleanup.deployment.DeploymentFiles.list;
import static dev.ricascade.cleanup.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * The Kubernetes manifests: every file parses, the kustomizations keep to the house rules, and each
 * overlay, rendered as it would be applied, agrees with the services' real configuration.
 */
class KubernetesManifestsTests {

    private static final Path K8S = DeploymentFiles.file("k8s");
    private static final Set<String> OVERLAY_FIELDS = Set.of("apiVersion", "kind", "resources", "images", "replicas",
            "patches", "secretGenerator", "namespace");
    private static final Set<String> CREDENTIAL_KEYS = Set.of("mysql-username", "mysql-password", "rabbitmq-username",
            "rabbitmq-password");
    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    @Test
    void everyManifestParses() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        for (Path file : files) {
            List<Map<String, Object>> documents = DeploymentFiles.yamlAll(DeploymentFiles.read(file));
            assertThat(documents).as(file.toString()).isNotEmpty()
                    .allSatisfy(d -> assertThat(d).as(file.toString()).containsKeys("apiVersion", "kind"));
        }
    }

    @Test
    void overlaysChangeOnlyImagesReplicasAndSmallPatches() throws IOException {
        for (Path file : yamlFiles()) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                Map<String, Object> kustomization = DeploymentFiles.yaml(DeploymentFiles.read(file));
                assertThat(kustomization).as(file.toString())
                        .doesNotContainKeys("patchesStrategicMerge", "patchesJson6902", "bases", "vars", "commonLabels");
                if (file.startsWith(K8S.resolve("overlays"))) {
                    assertThat(kustomization.keySet()).as(file.toString()).isSubsetOf(OVERLAY_FIELDS);
                    Object patches = kustomization.get("patches");
                    if (patches != null) {
                        list(patches, "patches").forEach(p -> assertThat(String.valueOf(asMap(p, "patch").get("patch")).lines())
                                .as("a small patch in %s", file).hasSizeLessThanOrEqualTo(12));
                    }
                }
            }
        }
        assertThat(DeploymentFiles.file("k8s/overlays/dev/kustomization.yaml")).isRegularFile();
        assertThat(DeploymentFiles.file("k8s/overlays/prod/kustomization.yaml")).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theManifestConfigMapIsTheRootRelationshipsYmlItself(String overlay) throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).as("no copy of the manifest to drift")
                    .doesNotContain("relationships.yml");
        }
        Map<String, Object> configMap = one(overlay, "ConfigMap", "ricascade-manifest");
        assertThat(map(configMap, "data")).containsOnlyKeys("relationships.yml")
                .containsEntry("relationships.yml", DeploymentFiles.read(DeploymentFiles.file("relationships.yml")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void cleanupServiceAgreesWithItsConfiguration(String overlay) {
        assertAgrees(overlay, ServiceConfiguration.cleanup());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void apiServiceAgreesWithItsConfiguration(String overlay) {
        Optional<ServiceConfiguration> api = ServiceConfiguration.api();
        assertThat(api).as("api-service configuration (src/main/resources/application.yml)").isPresent();
        assertAgrees(overlay, api.orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasATaggedImageRequestsAndLimits(String overlay) {
        for (Map<String, Object> resource : rendered(overlay)) {
            for (Map<String, Object> container : containers(resource)) {
                String where = overlay + " " + resource.get("kind") + " " + name(resource) + " " + container.get("name");
                String image = String.valueOf(container.get("image"));
                // ours carry the overlay's tag (a release, or dev for images built on the developer's machine)
                assertThat(image).as(where).matches(image.contains("ricascade/") ? ".+:[\\w.-]+" : ".+:\\d+\\.\\d+\\.\\d+.*")
                        .doesNotEndWith(":latest");
                Map<String, Object> resources = map(container, "resources");
                assertThat(map(resources, "requests")).as(where).containsKeys("cpu", "memory");
                assertThat(map(resources, "limits")).as(where).containsKeys("cpu", "memory");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void apiScalesOnCpuAndCleanupOnTheDepthOfItsQueue(String overlay) throws NoSuchMethodException {
        Map<String, Object> hpa = one(overlay, "HorizontalPodAutoscaler", "api-service");
        assertThat(map(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "api-service");
        assertThat(list(map(hpa, "spec").get("metrics"), "metrics")).singleElement()
                .satisfies(m -> assertThat(map(asMap(m, "metric"), "resource").get("name")).isEqualTo("cpu"));

        Map<String, Object> scaledObject = one(overlay, "ScaledObject", "cleanup-service");
        assertThat(map(scaledObject, "spec", "scaleTargetRef")).containsEntry("name", name(one(overlay, "Deployment", "cleanup-service")));
        Map<String, Object> trigger = asMap(list(map(scaledObject, "spec").get("triggers"), "triggers").get(0), "trigger");
        assertThat(trigger).containsEntry("type", "rabbitmq");
        Map<String, Object> metadata = map(trigger, "metadata");
        String defaultQueue = defaultValue(CleanupProperties.class, "queue");
        int shards = Integer.parseInt(defaultValue(CleanupProperties.class, "shards"));
        assertThat(metadata).containsEntry("useRegex", "true").containsEntry("operation", "sum")
                .containsEntry("mode", "QueueLength").containsEntry("protocol", "http");
        Pattern shardQueues = Pattern.compile(String.valueOf(metadata.get("queueName")));
        assertThat(IntStream.range(0, shards).mapToObj(shard -> defaultQueue + "." + shard))
                .as("KEDA sums the depth of every shard queue").allMatch(q -> shardQueues.matcher(q).matches());
        assertThat(List.of(defaultQueue, defaultQueue + ".dlq", defaultQueue + "x.1"))
                .as("and of nothing else").noneMatch(q -> shardQueues.matcher(q).matches());
        assertThat(((Number) map(scaledObject, "spec").get("maxReplicaCount")).intValue())
                .as("a replica beyond the shard count would own no shard").isLessThanOrEqualTo(shards);
        URI management = URI.create(String.valueOf(metadata.get("host")));
        // KEDA's operator asks from its own namespace: the Service's namespaced name
        assertThat(management.getHost()).isEqualTo(config(overlay).get("SPRING_RABBITMQ_HOST") + "."
                + map(scaledObject, "metadata").get("namespace") + ".svc");
        assertThat(management.getPort()).isEqualTo(15672);
        Set<String> cleanupEnvironment = environmentNames(overlay, container(overlay, "cleanup-service"));
        assertThat(cleanupEnvironment).contains(String.valueOf(metadata.get("usernameFromEnv")),
                String.valueOf(metadata.get("passwordFromEnv")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aStoppedCleanupPodHasTimeToFinishOrHandBackItsBatch(String overlay) {
        assertStopsGracefully(overlay, ServiceConfiguration.cleanup());
    }

    @Test
    void devRunsItsOwnMySqlAndRabbitMqUnderTheNamesTheServicesUse() {
        assertThat(one("dev", "StatefulSet", "mysql")).isNotNull();
        Map<String, Object> rabbit = one("dev", "StatefulSet", "rabbitmq");
        Map<String, Object> plugins = one("dev", "ConfigMap", "rabbitmq-plugins");
        assertThat(String.valueOf(map(plugins, "data").get("enabled_plugins")))
                .contains("rabbitmq_consistent_hash_exchange", "rabbitmq_management");
        assertThat(list(map(rabbit, "spec", "template", "spec").get("volumes"), "volumes"))
                .anySatisfy(v -> assertThat(map(asMap(v, "volume"), "configMap").get("name")).isEqualTo(name(plugins)));
        assertThat(list(asMap(list(map(rabbit, "spec", "template", "spec").get("containers"), "containers").get(0),
                "container").get("volumeMounts"), "volumeMounts"))
                .anySatisfy(m -> assertThat(asMap(m, "mount")).containsEntry("mountPath", "/etc/rabbitmq/enabled_plugins"));
        assertHostsExist("dev");
        Map<String, Object> secret = one("dev", "Secret", "ricascade-credentials");
        assertThat(map(secret, "data").keySet()).containsAll(CREDENTIAL_KEYS);
    }

    @Test
    void prodUsesARabbitMqClusterWithQuorumQueuesAndAnExistingMySql() {
        Map<String, Object> cluster = one("prod", "RabbitmqCluster", String.valueOf(config("prod").get("SPRING_RABBITMQ_HOST")));
        assertThat(((Number) map(cluster, "spec").get("replicas")).intValue()).as("quorum queues survive losing one node")
                .isGreaterThanOrEqualTo(3);
        assertThat(String.valueOf(map(cluster, "spec", "rabbitmq").get("additionalConfig"))).contains("default_queue_type = quorum");
        assertThat(list(map(cluster, "spec", "rabbitmq").get("additionalPlugins"), "additionalPlugins"))
                .as("the shard queues sit behind a consistent-hash exchange").contains("rabbitmq_consistent_hash_exchange");
        assertThat(map(one("prod", "Service", "mysql"), "spec")).containsEntry("type", "ExternalName");
        assertHostsExist("prod");
        assertThat(rendered("prod")).as("prod's credentials are created by hand, never committed")
                .noneMatch(r -> "Secret".equals(r.get("kind")));
        String deployment = DeploymentFiles.read(DeploymentFiles.file("docs/deployment.md"));
        assertThat(deployment).as("docs/deployment.md says how to create the Secret").contains(CREDENTIAL_KEYS)
                .contains("ricascade-credentials");
    }

    private void assertAgrees(String overlay, ServiceConfiguration configuration) {
        String name = configuration.name();
        Map<String, Object> deployment = one(overlay, "Deployment", name);
        Map<String, Object> container = container(overlay, name);
        int port = configuration.port();

        Map<String, Object> http = asMap(list(container.get("ports"), "ports").get(0), "port");
        assertThat(http).containsEntry("name", "http").containsEntry("containerPort", port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
            assertThat(map(container, probe, "httpGet")).as("%s %s", name, probe)
                    .containsEntry("path", configuration.healthGroupPath(group)).containsEntry("port", "http");
        }
        Map<String, Object> service = map(one(overlay, "Service", name), "spec");
        assertThat(asMap(list(service.get("ports"), "ports").get(0), "port")).containsEntry("port", port).containsEntry("targetPort", "http");
        Map<String, Object> podLabels = map(deployment, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(map(service, "selector"));
        assertThat(podLabels).containsAllEntriesOf(map(one(overlay, "PodDisruptionBudget", name), "spec", "selector", "matchLabels"));

        configuration.assertBinds(environmentNames(overlay, container), overlay + "'s " + name + " Deployment");
        assertStopsGracefully(overlay, configuration);

        String manifest = String.valueOf(config(overlay).get("RICASCADE_MANIFEST"));
        assertThat(manifest).startsWith("file:");
        Path manifestPath = Path.of(manifest.substring("file:".length()));
        Map<String, Object> mount = list(container.get("volumeMounts"), "volumeMounts").stream().map(m -> asMap(m, "mount"))
                .filter(m -> manifestPath.getParent().toString().equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " mounts nothing at " + manifestPath.getParent()));
        assertThat(mount).containsEntry("readOnly", true);
        Map<String, Object> volume = list(map(deployment, "spec", "template", "spec").get("volumes"), "volumes").stream()
                .map(v -> asMap(v, "volume")).filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        Map<String, Object> configMap = one(overlay, "ConfigMap", "ricascade-manifest");
        assertThat(map(volume, "configMap")).containsEntry("name", name(configMap));
        assertThat(map(configMap, "data")).containsKey(manifestPath.getFileName().toString());

        for (String key : secretKeys(container)) {
            assertThat(CREDENTIAL_KEYS).as("%s reads the Secret key %s", name, key).contains(key);
        }
    }

    /**
     * The pod's grace period covers the preStop pause (endpoints leave the Service's load balancers)
     * plus Spring's graceful shutdown phase, in which the cleanup service finishes or hands back its batch.
     */
    private void assertStopsGracefully(String overlay, ServiceConfiguration configuration) {
        Map<String, Object> pod = map(one(overlay, "Deployment", configuration.name()), "spec", "template", "spec");
        List<Object> preStop = list(map(container(overlay, configuration.name()), "lifecycle", "preStop", "exec")
                .get("command"), "preStop");
        assertThat(preStop.get(0)).isEqualTo("sleep");
        Duration needed = configuration.shutdownTimeout().plusSeconds(Long.parseLong(String.valueOf(preStop.get(1))))
                .plusSeconds(5);
        assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
                .as("%s's terminationGracePeriodSeconds", configuration.name()).isGreaterThan(needed);
    }

    private void assertHostsExist(String overlay) {
        String url = String.valueOf(config(overlay).get("SPRING_DATASOURCE_URL"));
        URI mysql = URI.create(url.substring("jdbc:".length()));
        assertThat(one(overlay, "Service", mysql.getHost())).isNotNull();
        assertThat(mysql.getPort()).isEqualTo(3306);
        assertThat(config(overlay).get("SPRING_RABBITMQ_PORT")).isEqualTo("5672");
    }

    private Set<String> environmentNames(String overlay, Map<String, Object> container) {
        Set<String> names = new TreeSet<>();
        Object env = container.get("env");
        if (env != null) {
            list(env, "env").forEach(e -> names.add(String.valueOf(asMap(e, "env").get("name"))));
        }
        Object envFrom = container.get("envFrom");
        if (envFrom != null) {
            for (Object source : list(envFrom, "envFrom")) {
                String configMap = String.valueOf(map(asMap(source, "envFrom"), "configMapRef").get("name"));
                rendered(overlay).stream().filter(r -> "ConfigMap".equals(r.get("kind")) && configMap.equals(name(r)))
                        .findFirst().ifPresentOrElse(c -> names.addAll(map(c, "data").keySet()),
                                () -> { throw new AssertionError("envFrom names the missing ConfigMap " + configMap); });
            }
        }
        return names;
    }

    private static List<String> secretKeys(Map<String, Object> container) {
        List<String> keys = new ArrayList<>();
        Object env = container.get("env");
        if (env != null) {
            for (Object e : list(env, "env")) {
                Object from = asMap(e, "env").get("valueFrom");
                if (from != null && asMap(from, "valueFrom").containsKey("secretKeyRef")) {
                    keys.add(String.valueOf(map(asMap(from, "valueFrom"), "secretKeyRef").get("key")));
                }
            }
        }
        return keys;
    }

    private Map<String, Object> config(String overlay) {
        return map(one(overlay, "ConfigMap", "ricascade-config"), "data");
    }

    private Map<String, Object> container(String overlay, String deployment) {
        return containers(one(overlay, "Deployment", deployment)).stream().filter(c -> deployment.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + deployment + " in its Deployment"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> resource) {
        Object spec = resource.get("spec");
        if (!(spec instanceof Map<?, ?>) || !asMap(spec, "spec").containsKey("template")) {
            return List.of();
        }
        List<Map<String, Object>> containers = new ArrayList<>();
        list(map(resource, "spec", "template", "spec").get("containers"), "containers").forEach(c -> containers.add(asMap(c, "container")));
        return containers;
    }

    /** The one resource of a kind with a name, or with the name plus the hash suffix kustomize gives generated ones. */
    private Map<String, Object> one(String overlay, String kind, String name) {
        List<Map<String, Object>> matches = rendered(overlay).stream().filter(r -> kind.equals(r.get("kind")))
                .filter(r -> name(r).equals(name) || name(r).matches(Pattern.quote(name) + "-[a-z0-9]{10}"))
                .toList();
        assertThat(matches).as("%s renders one %s %s", overlay, kind, name).hasSize(1);
        return matches.get(0);
    }

    private static String name(Map<String, Object> resource) {
        return String.valueOf(map(resource, "metadata").get("name"));
    }

    private static List<Map<String, Object>> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay,
                o -> DeploymentFiles.yamlAll(Kustomize.render(K8S.resolve("overlays").resolve(o))));
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** A record component's {@code @DefaultValue}, read from the canonical constructor's parameter. */
    private static String defaultValue(Class<?> record, String component) throws NoSuchMethodException {
        RecordComponent[] components = record.getRecordComponents();
        Constructor<?> canonical = record.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                return canonical.getParameters()[i].getAnnotation(DefaultValue.class).value()[0];
            }
        }
        throw new AssertionError(record.getSimpleName() + " has no component " + component);
    }
}
