package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.list;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ricascade.cleanup.CleanupApplication;

/**
 * docker-compose.yml, read with the variables of .env.example as docker compose would, against the
 * cleanup service's real configuration. No Docker engine needed.
 */
class ComposeFileTests {

    private static final ServiceConfiguration CLEANUP = ServiceConfiguration.of("cleanup-service", CleanupApplication.class);

    private final Map<String, String> variables = DeploymentFiles.envExample();
    private final Map<String, Object> compose = DeploymentFiles.compose(variables);
    private final Map<String, Object> services = map(compose, "services");

    @Test
    void everyVariableComesFromTheEnvFileWhoseExampleIsCommittedAndWhichGitIgnores() {
        assertThat(variables.keySet()).containsExactlyInAnyOrderElementsOf(DeploymentFiles.composeVariables());
        assertThat(DeploymentFiles.read(DeploymentFiles.file(".gitignore")).lines()).contains(".env");
        assertThat(DeploymentFiles.read(DeploymentFiles.file("docker-compose.yml")).toLowerCase())
                .as("no guest account anywhere").doesNotContain("guest:guest").doesNotContain("\"guest\"");
    }

    @Test
    void runsMySqlRabbitMqWithItsUiAndBothServices() {
        assertThat(services).containsOnlyKeys("mysql", "rabbitmq", "api-service", "cleanup-service", "capture");
        assertThat(service("mysql").get("image")).isEqualTo("mysql:8.4.6");
        assertThat(service("rabbitmq").get("image")).isEqualTo("rabbitmq:4.1.4-management");
        assertThat(list(service("rabbitmq").get("ports"), "rabbitmq.ports")).contains("127.0.0.1:15672:15672");
    }

    @Test
    void theBrokerHasAFixedHostnameSoItsNodeFindsItsQueuesAgainWhenTheContainerIsRecreated() {
        // the node name is rabbit@<hostname> and names its directory in the volume; without a hostname it is
        // the container id, and a recreated container starts empty beside the old node's data
        assertThat(service("rabbitmq").get("hostname")).isEqualTo("rabbitmq");
        assertThat(DeploymentFiles.read(DeploymentFiles.file("docker-compose.yml"))).as("nothing overrides the node name")
                .doesNotContain("RABBITMQ_NODENAME");
        assertThat(list(service("rabbitmq").get("volumes"), "rabbitmq.volumes")).contains("rabbitmq-data:/var/lib/rabbitmq");
        assertThat(map(compose, "volumes")).containsKey("rabbitmq-data");
    }

    @Test
    void everyServiceHasAHealthCheckAMemoryLimitAndPublishesOnLoopbackOnly() {
        services.keySet().forEach(name -> {
            assertThat(map(service(name), "healthcheck").get("test")).as("%s's health check", name).isNotNull();
            assertThat(map(service(name), "deploy", "resources", "limits").get("memory")).as("%s's memory limit", name)
                    .isNotNull();
            Object ports = service(name).get("ports");
            if (ports != null) {
                list(ports, name + ".ports").forEach(port -> assertThat(String.valueOf(port)).as("%s publishes", name)
                        .startsWith("127.0.0.1:"));
            }
        });
    }

    @Test
    void theServicesStartOnlyOnceWhatTheyNeedIsHealthy() {
        assertThat(dependencies("api-service")).containsOnlyKeys("mysql", "rabbitmq");
        assertThat(dependencies("cleanup-service")).containsOnlyKeys("mysql", "rabbitmq", "api-service");
        for (String name : List.of("api-service", "cleanup-service")) {
            dependencies(name).forEach((dependency, condition) -> assertThat(asMap(condition, name + " on " + dependency))
                    .containsEntry("condition", "service_healthy"));
        }
    }

    @Test
    void theServicesAreBuiltFromTheRepositoryWithTheOneDockerfileAndRunAsANonRootUser() {
        for (String name : List.of("api-service", "cleanup-service")) {
            Map<String, Object> build = map(service(name), "build");
            assertThat(build.get("context")).isEqualTo(".");
            assertThat(map(build, "args")).as("the module Dockerfile builds").containsEntry("SERVICE", name);
            assertThat(DeploymentFiles.file(name + "/pom.xml")).isRegularFile();
        }
        List<String> dockerfile = DeploymentFiles.read(DeploymentFiles.file("Dockerfile")).lines().toList();
        assertThat(dockerfile.stream().filter(l -> l.startsWith("FROM ")).count()).as("build and runtime stages").isEqualTo(2);
        assertThat(dockerfile).contains("USER 10001:10001");
        assertThat(dockerfile.stream().filter(l -> l.startsWith("ARG ") && l.contains("_IMAGE=")))
                .as("pinned base images").allSatisfy(l -> assertThat(l).matches(".*:\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void cleanupRunsTwoReplicasAndHasTimeToHandBackItsBatchWhenStopped() {
        assertThat(map(service("cleanup-service"), "deploy").get("replicas")).isEqualTo(2);
        assertThat(service("cleanup-service")).as("replicas cannot share a container name").doesNotContainKey("container_name");
        DeploymentAgreement.assertComposeStopsGracefully(CLEANUP);
    }

    @Test
    void cleanupServiceAgreesWithItsConfiguration() {
        // api-service's ApiDeploymentTests hold the API to its own
        DeploymentAgreement.assertComposeAgrees(CLEANUP);
    }

    @Test
    void theServicesFindMySqlAndRabbitMqByTheirServiceNames() {
        for (String name : List.of("api-service", "cleanup-service")) {
            Map<String, Object> environment = map(service(name), "environment");
            assertThat(environment.get("SPRING_DATASOURCE_URL")).asString()
                    .startsWith("jdbc:mysql://mysql:3306/" + map(service("mysql"), "environment").get("MYSQL_DATABASE") + "?");
            assertThat(environment).containsEntry("SPRING_RABBITMQ_HOST", "rabbitmq").containsEntry("SPRING_RABBITMQ_PORT", "5672");
            assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(variables.get("MYSQL_USER"));
            assertThat(environment.get("SPRING_RABBITMQ_USERNAME")).isEqualTo(variables.get("RABBITMQ_USER"));
        }
    }

    private Map<String, Object> service(String name) {
        return map(services, name);
    }

    private Map<String, Object> dependencies(String name) {
        return map(service(name), "depends_on");
    }
}
