package dev.ricascade.deployment;

import static dev.ricascade.deployment.ManagementApi.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

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
    private CachingConnectionFactory connections;

    @BeforeEach
    void importTheComposeDefinitionsIntoAVirtualHostOfTheirOwn() {
        management.call("PUT", "/api/vhosts/" + segment(vhost), Map.of());
        management.call("PUT", "/api/permissions/" + segment(vhost) + "/" + segment(broker.user()),
                Map.of("configure", ".*", "write", ".*", "read", ".*"));
        management.call("POST", "/api/definitions/" + segment(vhost), topology());
        connections = new CachingConnectionFactory(broker.host(), broker.port());
        connections.setUsername(broker.user());
        connections.setPassword(broker.password());
        connections.setVirtualHost(vhost);
    }

    @AfterEach
    void dropTheVirtualHost() {
        if (connections != null) {
            connections.destroy();
        }
        management.call("DELETE", "/api/vhosts/" + segment(vhost), null);
    }

    @Test
    void theCleanupServiceDeclaresItsTopologyOverTheImportedOne() {
        TopologyConfiguration topology = new TopologyConfiguration();
        CleanupProperties properties = defaults();
        TopicExchange events = topology.eventsExchange(properties);
        CustomExchange shardExchange = topology.shardExchange(properties);
        DirectExchange deadLetterExchange = topology.deadLetterExchange(properties);
        Queue deadLetterQueue = topology.deadLetterQueue(properties);
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.setIgnoreDeclarationExceptions(false);

        admin.declareExchange(events);
        admin.declareExchange(shardExchange);
        admin.declareExchange(deadLetterExchange);
        admin.declareBinding(topology.shardExchangeBinding(shardExchange, events));
        List<String> shardQueues = new ArrayList<>();
        for (Declarable declarable : topology.shardQueues(properties).getDeclarables()) {
            if (declarable instanceof Queue queue) {
                assertThat(admin.declareQueue(queue)).isEqualTo(queue.getName());
                shardQueues.add(queue.getName());
            } else {
                admin.declareBinding((Binding) declarable);
            }
        }
        assertThat(admin.declareQueue(deadLetterQueue)).isEqualTo(deadLetterQueue.getName());
        admin.declareBinding(topology.deadLetterBinding(deadLetterQueue, deadLetterExchange, properties));

        assertThat(shardQueues).hasSize(properties.shards());
        assertThat(shardQueues).allSatisfy(name -> assertThat(admin.getQueueInfo(name))
                .as("the imported queue %s, not a new one", name).isNotNull());
        JsonNode ring = management.call("GET", "/api/exchanges/" + segment(vhost) + "/" + segment(properties.shardExchange())
                + "/bindings/source", null);
        assertThat(ring).as("every shard bound to the consistent-hash exchange with weight 1").hasSize(properties.shards());
        ring.forEach(binding -> assertThat(binding.path("routing_key").asString()).isEqualTo("1"));
    }

    @Test
    void aQueueDeclaredWithOtherArgumentsIsRefused() {
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.setIgnoreDeclarationExceptions(false);

        // the check above means something: a mismatch is a channel error, as it would be at start-up
        assertThatThrownBy(() -> admin.declareQueue(QueueBuilder.durable(defaults().shardQueue(0)).quorum().build()))
                .hasStackTraceContaining("PRECONDITION_FAILED");
    }

    /** The properties the cleanup service gets from docker-compose.yml's environment, defaults for the rest. */
    private static CleanupProperties defaults() {
        Map<String, Object> environment = DeploymentFiles.map(DeploymentFiles.compose(DeploymentFiles.envExample()),
                "services", "cleanup-service", "environment");
        Binder binder = new Binder(ConfigurationPropertySources.from(
                // only a source of this name gets the environment variable mapping (RICASCADE_QUEUE to ricascade.queue)
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        return binder.bindOrCreate("ricascade", CleanupProperties.class);
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
