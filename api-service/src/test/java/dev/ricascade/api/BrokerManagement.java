package dev.ricascade.api;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ricascade.deployment.ManagementApi;
import dev.ricascade.testing.TestServers;

/** What AMQP does not show of the test broker, through its management API: a queue's messages with their headers. */
final class BrokerManagement {

    private static final String VHOST = "%2F";

    private final ManagementApi api;

    BrokerManagement(TestServers.Broker broker) {
        this.api = new ManagementApi(broker);
    }

    /**
     * The messages in a queue, left in it (fetched and requeued), up to {@code limit}.
     *
     * @throws AssertionError when the queue does not exist
     */
    List<JsonNode> peek(String queue, int limit) {
        List<JsonNode> messages = new ArrayList<>();
        api.call("POST", "/api/queues/" + VHOST + "/" + ManagementApi.segment(queue) + "/get", """
                {"count": %d, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 4000}""".formatted(limit))
                .forEach(messages::add);
        return messages;
    }

    /** Empties the queue if it exists. */
    void purge(String queue) {
        HttpResponse<String> response = api.send("DELETE", "/api/queues/" + VHOST + "/" + ManagementApi.segment(queue)
                + "/contents", null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new AssertionError("could not purge " + queue + ": " + response.statusCode() + " " + response.body());
        }
    }
}
