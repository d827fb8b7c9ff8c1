package dev.ricascade.api;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks HTTP to the running API and hands back status, headers and JSON body, whatever the status. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Blocking and pooled, one connection per concurrent caller kept open: the JDK's client hands each response's
     * completion to {@code CompletableFuture}'s default executor, which on a machine of two cores or fewer starts a
     * thread per task, thousands in a benchmark, their cost counted in every latency it measured.
     */
    private static final CloseableHttpClient HTTP = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(200).setMaxConnPerRoute(200).build())
            .disableAutomaticRetries()
            .build();

    private final RestClient rest;

    public ApiClient(int port) {
        this.rest = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .requestFactory(new HttpComponentsClientHttpRequestFactory(HTTP)).build();
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
