package dev.ricascade.api;

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
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.testing.TestServers;

/** The test broker's management HTTP API, for what AMQP does not show: a queue's messages with their headers. */
final class BrokerManagement {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VHOST = "%2F";

    private final TestServers.Broker broker;
    // plain HTTP/1.1: the h2c upgrade the JDK client would otherwise ask for makes the management listener drop the connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    BrokerManagement(TestServers.Broker broker) {
        this.broker = broker;
    }

    /**
     * The messages in a queue, left in it (fetched and requeued), up to {@code limit}.
     *
     * @throws AssertionError when the queue does not exist
     */
    List<JsonNode> peek(String queue, int limit) {
        HttpResponse<String> response = call("POST", "/api/queues/" + VHOST + "/" + segment(queue) + "/get", """
                {"count": %d, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 4000}""".formatted(limit));
        if (response.statusCode() != 200) {
            throw new AssertionError("could not read the queue " + queue + " through the management API: "
                    + response.statusCode() + " " + response.body());
        }
        List<JsonNode> messages = new ArrayList<>();
        JSON.readTree(response.body()).forEach(messages::add);
        return messages;
    }

    /** Empties the queue if it exists. */
    void purge(String queue) {
        HttpResponse<String> response = call("DELETE", "/api/queues/" + VHOST + "/" + segment(queue) + "/contents", null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new AssertionError("could not purge " + queue + ": " + response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> call(String method, String path, String body) {
        String credentials = Base64.getEncoder().encodeToString((broker.user() + ":" + broker.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.managementUrl() + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
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

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
