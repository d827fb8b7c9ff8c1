package dev.ricascade.api;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks HTTP to the running API and hands back status, headers and JSON body, whatever the status. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient rest;

    public ApiClient(int port) {
        this.rest = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    public record Response(int status, HttpHeaders headers, JsonNode body) {

        public URI location() {
            return headers.getLocation();
        }

        public String text(String field) {
            return body.path(field).asString();
        }

        public long number(String field) {
            return body.path(field).asLong();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path) {
        return exchange(HttpMethod.GET, path, null);
    }

    public Response post(String path, String json) {
        return exchange(HttpMethod.POST, path, json);
    }

    public Response put(String path, String json) {
        return exchange(HttpMethod.PUT, path, json);
    }

    public Response delete(String path) {
        return exchange(HttpMethod.DELETE, path, null);
    }

    private Response exchange(HttpMethod method, String path, String json) {
        RestClient.RequestBodySpec request = rest.method(method).uri(path).accept(MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_PROBLEM_JSON);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return request.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            MediaType type = res.getHeaders().getContentType();
            boolean isJson = type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json"));
            JsonNode body = bytes.length == 0 || !isJson ? JSON.missingNode() : JSON.readTree(bytes);
            return new Response(res.getStatusCode().value(), res.getHeaders(), body);
        });
    }
}
