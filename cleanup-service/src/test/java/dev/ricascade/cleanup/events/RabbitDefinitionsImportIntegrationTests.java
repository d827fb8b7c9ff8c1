package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.deployment.DeploymentFiles;
import dev.ricascade.testing.TestServers;

/**
 * Docker compose's RabbitMQ imports its definitions at boot, and then the cleanup service declares
 * the same topology again: the real broker must accept that second declaration. This imports the
 * compose file's exchanges, queues and bindings into a virtual host of its own through the management
 * API (as the boot-time import does) and declares the service's topology on top.
 */
class RabbitDefinitionsImportIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestServers.Broker broker = TestServers.broker();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String vhost = "ri-definitions-test-" + UUID.randomUUID().toString().substring(0, 8);
    private CachingConnectionFactory connections;

    @BeforeEach
    void importTheComposeDefinitionsIntoAVirtualHostOfTheirOwn() throws Exception {
        management("PUT", "/api/vhosts/" + encode(vhost), "{}");
        management("PUT", "/api/permissions/" + encode(vhost) + "/" + encode(broker.user()),
                "{\"configure\": \".*\", \"write\": \".*\", \"read\": \".*\"}");
        management("POST", "/api/definitions/" + encode(vhost), JSON.writeValueAsString(topology()));
        connections = new CachingConnectionFactory(broker.host(), broker.port());
        connections.setUsername(broker.user());
        connections.setPassword(broker.password());
        connections.setVirtualHost(vhost);
    }

    @AfterEach
    void dropTheVirtualHost() throws Exception {
        if (connections != null) {
            connections.destroy();
        }
        management("DELETE", "/api/vhosts/" + encode(vhost), null);
    }

    @Test
    void theCleanupServiceDeclaresItsTopologyOverTheImportedOne() {
        TopologyConfiguration topology = new TopologyConfiguration();
        CleanupProperties properties = defaults();
        TopicExchange events = topology.eventsExchange(properties);
        Queue queue = topology.cleanupQueue(properties);
        DirectExchange deadLetterExchange = topology.deadLetterExchange(properties);
        Queue deadLetterQueue = topology.deadLetterQueue(properties);
        Binding binding = topology.cleanupBinding(queue, events);
        Binding deadLetterBinding = topology.deadLetterBinding(deadLetterQueue, deadLetterExchange, properties);
        RabbitAdmin admin = new RabbitAdmin(connections);

        admin.declareExchange(events);
        admin.declareExchange(deadLetterExchange);
        assertThat(admin.declareQueue(queue)).isEqualTo(queue.getName());
        assertThat(admin.declareQueue(deadLetterQueue)).isEqualTo(deadLetterQueue.getName());
        admin.declareBinding(binding);
        admin.declareBinding(deadLetterBinding);

        assertThat(admin.getQueueInfo(queue.getName())).as("the imported queue, not a new one").isNotNull();
    }

    @Test
    void aQueueDeclaredWithOtherArgumentsIsRefused() {
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.setIgnoreDeclarationExceptions(false);

        // the check above means something: a mismatch is a channel error, as it would be at start-up
        assertThatThrownBy(() -> admin.declareQueue(QueueBuilder.durable(defaults().queue()).quorum().build()))
                .hasStackTraceContaining("PRECONDITION_FAILED");
    }

    /** The properties the cleanup service gets from docker-compose.yml's environment, defaults for the rest. */
    private static CleanupProperties defaults() {
        Map<String, Object> environment = DeploymentFiles.map(DeploymentFiles.compose(DeploymentFiles.envExample()),
                "services", "cleanup-service", "environment");
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("docker-compose.yml", environment)));
        return binder.bindOrCreate("ricascade", CleanupProperties.class);
    }

    /** The compose definitions' exchanges, queues and bindings, without users and virtual hosts. */
    private static Map<String, Object> topology() {
        Map<String, String> variables = DeploymentFiles.envExample();
        Map<String, Object> compose = DeploymentFiles.compose(variables);
        Map<String, Object> definitions = DeploymentFiles.asMap(JSON.readValue(String.valueOf(
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

    private void management(String method, String path, String body) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((broker.user() + ":" + broker.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.managementUrl() + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, request.uri(), response.body()).isBetween(200, 299);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
