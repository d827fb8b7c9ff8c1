package dev.ricascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.testing.TestServers;

/**
 * The test broker's management HTTP API, the one the management UI itself calls, as the test user: for the
 * deployment checks and for what AMQP does not show (a queue's messages with their headers), in both services' tests.
 * The management plugin must be enabled where the broker runs ({@code rabbitmq-plugins enable rabbitmq_management}).
 */
public final class ManagementApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestServers.Broker broker;
    // plain HTTP/1.1: the h2c upgrade the JDK client would otherwise ask for makes the management listener drop the connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ManagementApi(TestServers.Broker broker) {
        this.broker = broker;
    }

    /** Sends a request, fails unless it succeeded, and returns the JSON answer (null when there is none). */
    public JsonNode call(String method, String path, Object body) {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, response.uri(), response.body()).isBetween(200, 299);
        return response.body().isBlank() ? null : JSON.readTree(response.body());
    }

    /**
     * Sends a request and returns the answer whatever its status, for callers to whom a status such as 404 means
     * something; fails only when the API cannot be reached.
     *
     * @param body a JSON string, an object written as JSON, or null for none
     */
    public HttpResponse<String> send(String method, String path, Object body) {
        String credentials = Base64.getEncoder().encodeToString((broker.user() + ":" + broker.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.managementUrl() + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("could not reach RabbitMQ's management API at " + broker.managementUrl()
                    + "; enable it where the broker runs: rabbitmq-plugins enable rabbitmq_management", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted calling " + request.uri(), e);
        }
    }

    /** A path segment, such as a virtual host or an exchange name, as the API's URLs need it ({@code /} is {@code %2F}). */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
