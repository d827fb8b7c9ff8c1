package dev.ricascade.deployment;

import static dev.ricascade.deployment.ManagementApi.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import tools.jackson.databind.JsonNode;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.testing.TestServers;

/**
 * Docker compose's RabbitMQ imports its definitions at boot, and then the cleanup service declares
 * the same topology again: the real broker must accept that second declaration. This imports the
 * compose file's exchanges, queues and bindings into a virtual host of its own through the management
 * API (as the boot-time import does) and declares the service's topology on top.
 */
class RabbitDefinitionsImportIntegrationTests {

    private final TestServers.Broker broker = TestServers.broker();
    private final ManagementApi management = new ManagementApi(broker);
    private final String vhost = "ri-definitions-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void importTheComposeDefinitionsIntoAVirtualHostOfTheirOwn() {
        management.call("PUT", "/api/vhosts/" + segment(vhost), Map.of());
        management.call("PUT", "/api/permissions/" + segment(vhost) + "/" + segment(broker.user()),
                Map.of("configure", ".*", "write", ".*", "read", ".*"));
        management.call("POST", "/api/definitions/" + segment(vhost), topology());
    }

    @AfterEach
    void dropTheVirtualHost() {
        management.call("DELETE", "/api/vhosts/" + segment(vhost), null);
    }

    @Test
    void theCleanupServiceDeclaresItsTopologyOverTheImportedOne() {
        serviceOnTheTestBroker().run(context -> {
            assertThat(context).hasNotFailed();
            CleanupProperties properties = context.getBean(CleanupProperties.class);
            RabbitAdmin admin = context.getBean(RabbitAdmin.class);
            admin.setIgnoreDeclarationExceptions(false);

            // what the service does when it first connects: declare every Declarable bean, failing on a mismatch
            admin.initialize();

            List<String> shardQueues = IntStream.range(0, properties.shards()).mapToObj(properties::shardQueue).toList();
            assertThat(shardQueues).isNotEmpty().allSatisfy(name -> assertThat(admin.getQueueInfo(name))
                    .as("the imported queue %s, not a new one", name).isNotNull());
            JsonNode ring = management.call("GET", "/api/exchanges/" + segment(vhost) + "/" + segment(properties.shardExchange())
                    + "/bindings/source", null);
            assertThat(ring).as("every shard bound to the consistent-hash exchange with weight 1").hasSize(properties.shards());
            ring.forEach(binding -> assertThat(binding.path("routing_key").asString()).isEqualTo("1"));
        });
    }

    @Test
    void aQueueDeclaredWithOtherArgumentsIsRefused() {
        serviceOnTheTestBroker().run(context -> {
            RabbitAdmin admin = context.getBean(RabbitAdmin.class);
            admin.setIgnoreDeclarationExceptions(false);
            String shard = context.getBean(CleanupProperties.class).shardQueue(0);

            // the check above means something: a mismatch is a channel error, as it would be at start-up
            assertThatThrownBy(() -> admin.declareQueue(QueueBuilder.durable(shard).quorum().build()))
                    .hasStackTraceContaining("PRECONDITION_FAILED");
        });
    }

    /** The service's topology bound from docker-compose.yml's environment, only the broker swapped for the test one's. */
    private ApplicationContextRunner serviceOnTheTestBroker() {
        Map<String, Object> environment = new LinkedHashMap<>(CleanupTopology.composeEnvironment());
        environment.put("SPRING_RABBITMQ_HOST", broker.host());
        environment.put("SPRING_RABBITMQ_PORT", String.valueOf(broker.port()));
        environment.put("SPRING_RABBITMQ_USERNAME", broker.user());
        environment.put("SPRING_RABBITMQ_PASSWORD", broker.password());
        environment.put("SPRING_RABBITMQ_VIRTUALHOST", vhost);
        return CleanupTopology.from(environment);
    }

    /** The compose definitions' exchanges, queues and bindings, without users and virtual hosts. */
    private static Map<String, Object> topology() {
        Map<String, String> variables = DeploymentFiles.envExample();
        Map<String, Object> compose = DeploymentFiles.compose(variables);
        Map<String, Object> definitions = DeploymentFiles.asMap(ManagementApi.JSON.readValue(String.valueOf(
                DeploymentFiles.map(compose, "configs", "rabbitmq-definitions").get("content")), Map.class), "definitions");
        Map<String, Object> topology = new LinkedHashMap<>();
        for (String section : List.of("exchanges", "queues", "bindings")) {
            List<Object> items = new ArrayList<>();
            for (Object item : DeploymentFiles.list(definitions.get(section), section)) {
                Map<String, Object> copy = new LinkedHashMap<>(DeploymentFiles.asMap(item, section));
                copy.remove("vhost");
                items.add(copy);
            }
            topology.put(section, items);
        }
        return topology;
    }
}
