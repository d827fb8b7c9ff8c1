package dev.ricascade.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ricascade.testing.TestNamespace;

/**
 * Several replicas of the real cleanup service, as the deployment runs them: the same settings for all, each on
 * a port of its own. The broker names the test reads (the dead-letter queue) are derived from the settings the
 * replicas are given, by the service's own rule, so they follow whatever topology those settings describe.
 */
final class CleanupFleet implements AutoCloseable {

    private final TestNamespace namespace;
    private final Map<String, String> properties;
    private final List<CleanupServiceProcess> replicas = new ArrayList<>();

    /** A fleet with these settings ({@code --} arguments without the dashes), none of it started yet. */
    CleanupFleet(TestNamespace namespace, Map<String, String> properties) {
        this.namespace = namespace;
        this.properties = Map.copyOf(properties);
    }

    /** Starts the replicas at once and waits until every one of them is ready and consuming. */
    CleanupFleet start(int size) {
        try {
            for (int i = 1; i <= size; i++) {
                Map<String, String> own = new LinkedHashMap<>(properties);
                own.put("server.port", String.valueOf(freePort()));
                replicas.add(CleanupServiceProcess.start(namespace, namespace.database() + "-fleet" + size + "-" + i, own));
            }
            replicas.forEach(CleanupServiceProcess::awaitReady);
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The queue the replicas consume, {@code ricascade.queue}. */
    String queue() {
        return properties.get("ricascade.queue");
    }

    /** Where the replicas put what can never succeed: {@code <ricascade.queue>.dlq}, as CleanupProperties names it. */
    String deadLetterQueue() {
        return queue() + ".dlq";
    }

    int size() {
        return replicas.size();
    }

    @Override
    public void close() {
        replicas.parallelStream().forEach(CleanupServiceProcess::close);
        replicas.clear();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a cleanup replica", e);
        }
    }
}
