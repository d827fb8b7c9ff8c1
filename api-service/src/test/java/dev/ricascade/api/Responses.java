package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import dev.ricascade.api.ApiClient.Response;

/** Assertions on API responses that the story tests share. */
final class Responses {

    static Response created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.location()).isNotNull();
        return response;
    }

    static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    static Response accepted(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.location().getPath()).isEqualTo("/api/cascades/" + response.text("eventId"));
        return response;
    }

    /** Waits until the cascade the 202 response points at is done, and returns its last status. */
    static JsonNode awaitDone(ApiClient api, Response accepted) {
        String status = accepted(accepted).location().getPath();
        JsonNode[] last = new JsonNode[1];
        await("cascade " + status + " done").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Response response = ok(api.get(status));
                    last[0] = response.body();
                    assertThat(response.text("state")).as(response.toString()).isEqualTo("done");
                });
        return last[0];
    }

    static void problem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers().getContentType()).hasToString("application/problem+json");
        assertThat(response.text("status")).isEqualTo(String.valueOf(status));
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("detail")).contains(detail);
    }

    private Responses() {
    }
}
