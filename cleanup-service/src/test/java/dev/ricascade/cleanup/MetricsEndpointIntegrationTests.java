package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.testing.TestServersConfiguration;

/**
 * The running service, over HTTP, before it has handled a single event: a replica that the broker
 * has not given work yet must still answer for every meter docs/observability.md tells people to read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ricascade.manifest=classpath:manifests/shop.yml")
@Import(TestServersConfiguration.class)
@DirtiesContext
class MetricsEndpointIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode metric(String name) throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/" + name);
        assertThat(response.statusCode()).as("%s: %s", name, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static double count(JsonNode metric) {
        return metric.path("measurements").get(0).path("value").asDouble();
    }

    private static List<String> tagValues(JsonNode metric, String tag) {
        List<String> values = new ArrayList<>();
        for (JsonNode available : metric.path("availableTags")) {
            if (available.path("tag").asString().equals(tag)) {
                available.path("values").forEach(value -> values.add(value.asString()));
            }
        }
        return values;
    }

    @Test
    void aReplicaThatHasHandledNothingAnswersForEveryMeterAtZero() throws Exception {
        JsonNode events = metric("ricascade.events");
        assertThat(count(events)).isZero();
        assertThat(tagValues(events, "outcome"))
                .containsExactlyInAnyOrder("done", "partial", "violation", "rejected", "invalid", "failed", "retried",
                        "duplicate");
        assertThat(count(metric("ricascade.events?tag=outcome:done"))).isZero();

        JsonNode violations = metric("ricascade.violations");
        assertThat(count(violations)).isZero();
        assertThat(tagValues(violations, "relationship")).contains("order_lines_item", "orders_customer");

        assertThat(count(metric("ricascade.rows?tag=relationship:orders_customer"))).isZero();
        assertThat(tagValues(metric("ricascade.rows?tag=relationship:subscriptions_customer"), "change"))
                .containsExactlyInAnyOrder("deleted", "rewritten");

        assertThat(count(metric("ricascade.replayed"))).isZero();
    }
}
