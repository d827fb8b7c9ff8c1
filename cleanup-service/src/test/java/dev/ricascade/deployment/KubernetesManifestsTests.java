package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentAgreement.CREDENTIAL_KEYS;
import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.list;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ricascade.cleanup.CleanupApplication;

/**
 * The Kubernetes manifests: every file parses, the kustomizations keep to the house rules, and each
 * overlay, rendered as {@code kubectl apply -k} renders it (kustomize's default load restrictor), agrees
 * with the cleanup service's real configuration. api-service's ApiDeploymentTests check the API's side.
 */
class KubernetesManifestsTests {

    private static final Path K8S = DeploymentFiles.file("k8s");
    private static final Set<String> OVERLAY_FIELDS = Set.of("apiVersion", "kind", "resources", "images", "replicas",
            "patches", "secretGenerator", "namespace");
    private static final ServiceConfiguration CLEANUP = ServiceConfiguration.of("cleanup-service", CleanupApplication.class);

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

    @Test
    void theBaseCopyOfTheManifestIsTheRootRelationshipsYmlByteForByte() throws IOException {
        // kustomize reads only inside a kustomization's folder, so the base generates the ConfigMap from a copy
        assertThat(Files.mismatch(DeploymentFiles.file("relationships.yml"), K8S.resolve("base/relationships.yml")))
                .as("k8s/base/relationships.yml differs from the root relationships.yml, which both services read: "
                        + "copy it again (cp relationships.yml k8s/base/relationships.yml)")
                .isEqualTo(-1L);
        try (Stream<Path> files = Files.walk(K8S)) {
            assertThat(files.filter(f -> f.getFileName().toString().matches("relationships\\.ya?ml")))
                    .as("one copy, the base's, and no other to drift").containsExactly(K8S.resolve("base/relationships.yml"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theManifestConfigMapIsTheRootRelationshipsYml(String overlay) {
        Map<String, Object> configMap = one(overlay, "ConfigMap", "ricascade-manifest");
        assertThat(map(configMap, "data")).containsOnlyKeys("relationships.yml")
                .containsEntry("relationships.yml", DeploymentFiles.read(DeploymentFiles.file("relationships.yml")));
    }

    @Test
    void nothingAsksForAnotherLoadRestrictor() throws IOException {
        // kubectl apply -k, Argo CD and Flux render with the default one, and so do these tests
        for (Path file : yamlFiles()) {
            assertThat(DeploymentFiles.read(file)).as(file.toString()).doesNotContain("load-restrictor");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayCreatesItsNamespaceAndPutsEverythingInIt(String overlay) {
        // so that kubectl apply -k needs nothing made beforehand
        String namespace = name(one(overlay, "Namespace", "ricascade"));
        assertThat(rendered(overlay)).filteredOn(r -> !"Namespace".equals(r.get("kind")))
                .allSatisfy(r -> assertThat(map(r, "metadata")).as("%s %s", r.get("kind"), name(r))
                        .containsEntry("namespace", namespace));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void cleanupServiceAgreesWithItsConfiguration(String overlay) {
        DeploymentAgreement.assertKubernetesAgrees(RenderedOverlay.of(overlay), CLEANUP);
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
    void apiScalesOnCpuAndCleanupOnTheDepthOfItsQueue(String overlay) {
        Map<String, Object> hpa = one(overlay, "HorizontalPodAutoscaler", "api-service");
        assertThat(map(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "api-service");
        assertThat(list(map(hpa, "spec").get("metrics"), "metrics")).singleElement()
                .satisfies(m -> assertThat(map(asMap(m, "metric"), "resource").get("name")).isEqualTo("cpu"));

        Map<String, Object> scaledObject = one(overlay, "ScaledObject", "cleanup-service");
        assertThat(map(scaledObject, "spec", "scaleTargetRef")).containsEntry("name", name(one(overlay, "Deployment", "cleanup-service")));
        Map<String, Object> trigger = asMap(list(map(scaledObject, "spec").get("triggers"), "triggers").get(0), "trigger");
        assertThat(trigger).containsEntry("type", "rabbitmq");
        Map<String, Object> metadata = map(trigger, "metadata");
        // the defaults, which no deployment file overrides (assertBinds would name RICASCADE_QUEUE or _SHARDS)
        String defaultQueue = CLEANUP.defaultValue("ricascade.queue");
        int shards = Integer.parseInt(CLEANUP.defaultValue("ricascade.shards"));
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
        Set<String> cleanupEnvironment = RenderedOverlay.of(overlay).environmentNames(container(overlay, "cleanup-service"));
        assertThat(cleanupEnvironment).contains(String.valueOf(metadata.get("usernameFromEnv")),
                String.valueOf(metadata.get("passwordFromEnv")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aStoppedCleanupPodHasTimeToFinishOrHandBackItsBatch(String overlay) {
        DeploymentAgreement.assertKubernetesStopsGracefully(RenderedOverlay.of(overlay), CLEANUP);
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
        assertThat(map(secret, "data").keySet()).containsAll(secretKeysRead("dev"));
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
        assertThat(rendered("prod")).as("no password of prod's is committed").noneMatch(r -> "Secret".equals(r.get("kind")));
    }

    @Test
    void prodsCredentialsComeFromTheSecretStoreSoTheApplyNeedsNoSecretMadeBeforehand() {
        // the External Secrets Operator makes the Secret the pods read, with every key they read
        Map<String, Object> externalSecret = one("prod", "ExternalSecret", "ricascade-credentials");
        assertThat(externalSecret).containsEntry("apiVersion", "external-secrets.io/v1");
        Map<String, Object> spec = map(externalSecret, "spec");
        assertThat(map(spec, "target")).containsEntry("creationPolicy", "Owner");
        assertThat(map(spec, "secretStoreRef")).containsKeys("kind", "name");
        Set<String> made = new TreeSet<>();
        list(spec.get("data"), "data").forEach(d -> {
            Map<String, Object> item = asMap(d, "data");
            assertThat(map(item, "remoteRef")).as("where %s comes from", item.get("secretKey")).containsKey("key");
            made.add(String.valueOf(item.get("secretKey")));
        });
        assertThat(made).containsAll(secretKeysRead("prod"));
        assertThat(secretNamesRead("prod")).containsOnly(String.valueOf(map(spec, "target").get("name")));
        String deployment = DeploymentFiles.read(DeploymentFiles.file("docs/deployment.md"));
        assertThat(deployment).as("docs/deployment.md says what the store must hold").contains(made).contains("ExternalSecret")
                .contains(String.valueOf(map(spec, "secretStoreRef").get("name")));
    }

    /** Every Secret key the overlay's containers read. */
    private static Set<String> secretKeysRead(String overlay) {
        Set<String> keys = new TreeSet<>();
        rendered(overlay).forEach(r -> containers(r).forEach(c -> keys.addAll(RenderedOverlay.secretKeys(c))));
        assertThat(keys).containsAll(CREDENTIAL_KEYS);
        return keys;
    }

    /** Every Secret the overlay's containers read from. */
    private static Set<String> secretNamesRead(String overlay) {
        Set<String> names = new TreeSet<>();
        rendered(overlay).forEach(r -> containers(r).forEach(c -> {
            if (c.get("env") != null) {
                list(c.get("env"), "env").stream().map(e -> asMap(e, "env").get("valueFrom")).filter(Objects::nonNull)
                        .map(f -> asMap(f, "valueFrom").get("secretKeyRef")).filter(Objects::nonNull)
                        .forEach(ref -> names.add(String.valueOf(asMap(ref, "secretKeyRef").get("name"))));
            }
        }));
        return names;
    }

    private static void assertHostsExist(String overlay) {
        String url = String.valueOf(config(overlay).get("SPRING_DATASOURCE_URL"));
        URI mysql = URI.create(url.substring("jdbc:".length()));
        assertThat(one(overlay, "Service", mysql.getHost())).isNotNull();
        assertThat(mysql.getPort()).isEqualTo(3306);
        assertThat(config(overlay).get("SPRING_RABBITMQ_PORT")).isEqualTo("5672");
    }

    private static Map<String, Object> config(String overlay) {
        return RenderedOverlay.of(overlay).config();
    }

    private static Map<String, Object> container(String overlay, String deployment) {
        return RenderedOverlay.of(overlay).container(deployment);
    }

    private static List<Map<String, Object>> containers(Map<String, Object> resource) {
        return RenderedOverlay.containers(resource);
    }

    private static Map<String, Object> one(String overlay, String kind, String name) {
        return RenderedOverlay.of(overlay).one(kind, name);
    }

    private static String name(Map<String, Object> resource) {
        return RenderedOverlay.name(resource);
    }

    private static List<Map<String, Object>> rendered(String overlay) {
        return RenderedOverlay.of(overlay).resources();
    }

    /** The Kubernetes manifests and kustomizations: every YAML file under k8s/ but the relationship manifest's copy. */
    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.equals(K8S.resolve("base/relationships.yml"))).sorted().toList();
        }
    }
}
