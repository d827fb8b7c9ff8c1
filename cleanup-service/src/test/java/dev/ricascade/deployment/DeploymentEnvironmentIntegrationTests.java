package dev.ricascade.deployment;

import static dev.ricascade.deployment.ManagementApi.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import tools.jackson.databind.JsonNode;

import dev.ricascade.cleanup.CleanupApplication;
import dev.ricascade.testing.TestNamespace;

/**
 * The cleanup service started with nothing but the environment docker-compose.yml gives it (only
 * the addresses and accounts swapped for the test servers', in a database and virtual host of its
 * own): it must come up ready. The other tests set every {@code ricascade.*} property themselves, so
 * only this one notices a setting the deployment does not provide.
 */
class DeploymentEnvironmentIntegrationTests {

    private final TestNamespace namespace = TestNamespace.create();
    private final ManagementApi management = new ManagementApi(namespace.broker());
    private final String vhost = "ri-deployment-test-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void dropTheDatabaseAndVirtualHost() {
        try {
            management.call("DELETE", "/api/vhosts/" + segment(vhost), null);
        } finally {
            namespace.close();
        }
    }

    @Test
    void theCleanupServiceStartsReadyFromComposesEnvironment() throws Exception {
        management.call("PUT", "/api/vhosts/" + segment(vhost), Map.of());
        management.call("PUT", "/api/permissions/" + segment(vhost) + "/" + segment(namespace.broker().user()),
                Map.of("configure", ".*", "write", ".*", "read", ".*"));
        Map<String, Object> environment = new LinkedHashMap<>(DeploymentFiles.map(
                DeploymentFiles.compose(DeploymentFiles.envExample()), "services", "cleanup-service", "environment"));
        environment.put("SPRING_DATASOURCE_URL", namespace.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", namespace.databaseServer().user());
        environment.put("SPRING_DATASOURCE_PASSWORD", namespace.databaseServer().password());
        environment.put("SPRING_RABBITMQ_HOST", namespace.broker().host());
        environment.put("SPRING_RABBITMQ_PORT", String.valueOf(namespace.broker().port()));
        environment.put("SPRING_RABBITMQ_USERNAME", namespace.broker().user());
        environment.put("SPRING_RABBITMQ_PASSWORD", namespace.broker().password());
        environment.put("SPRING_RABBITMQ_VIRTUALHOST", vhost);
        // the file compose mounts at that path
        environment.put("RICASCADE_MANIFEST", "file:" + DeploymentFiles.file("relationships.yml"));
        environment.put("SERVER_PORT", "0");
        StandardEnvironment deployment = new StandardEnvironment();
        // in place of this machine's environment, under its name: only a source named so gets Spring Boot's
        // environment variable mapping (SPRING_RABBITMQ_HOST to spring.rabbitmq.host)
        deployment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CleanupApplication.class)
                .environment(deployment).run()) {
            assertThat(service.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(namespace.jdbcUrl());
            int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            for (String group : new String[] {"liveness", "readiness"}) {
                HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + group))
                        .timeout(Duration.ofSeconds(5)).build();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as("%s: %s", probe.uri(), response.body()).isEqualTo(200);
                });
            }
            // the management API's statistics lag by a few seconds
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode queue = management.call("GET", "/api/queues/" + segment(vhost) + "/ri.cleanup.0", null);
                assertThat(queue.path("arguments").path("x-queue-type").asString()).isEqualTo("quorum");
                assertThat(queue.path("arguments").path("x-single-active-consumer").asBoolean()).isTrue();
                assertThat(queue.path("consumers").asInt()).as("the only replica consumes every shard, ri.cleanup.0 too")
                        .isPositive();
            });
        }
    }
}
