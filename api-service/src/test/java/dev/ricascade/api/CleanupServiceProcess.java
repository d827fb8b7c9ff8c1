package dev.ricascade.api;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.ricascade.testing.TestNamespace;

/**
 * The real cleanup service, run from its packaged jar as a separate process pointed at a test class's
 * namespace (same database, exchange and queue) and the repository's manifest. Started without waiting;
 * {@link #awaitReady()} waits until it consumes its queue.
 */
public final class CleanupServiceProcess implements AutoCloseable {

    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    private static final Path MANIFEST = MODULE_DIR.resolve("../relationships.yml").normalize();
    private static final HttpClient READINESS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final TestNamespace namespace;
    private final Process process;
    private final Path log;
    private final int port;

    private CleanupServiceProcess(TestNamespace namespace, Process process, Path log, int port) {
        this.namespace = namespace;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static CleanupServiceProcess start(TestNamespace namespace) {
        return start(namespace, namespace.database(), Map.of());
    }

    /**
     * One replica among several: its log is {@code target/cleanup-service-logs/<name>.log}, and {@code properties}
     * (without the leading {@code --}) add to or replace the namespace's settings. With a fixed {@code server.port},
     * {@link #awaitReady()} also waits for this replica's own readiness probe.
     */
    public static CleanupServiceProcess start(TestNamespace namespace, String name, Map<String, String> properties) {
        Path jar = jar();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("spring.datasource.url", namespace.jdbcUrl());
        settings.put("spring.datasource.username", namespace.databaseServer().user());
        settings.put("spring.datasource.password", namespace.databaseServer().password());
        settings.put("spring.rabbitmq.host", namespace.broker().host());
        settings.put("spring.rabbitmq.port", String.valueOf(namespace.broker().port()));
        settings.put("spring.rabbitmq.username", namespace.broker().user());
        settings.put("spring.rabbitmq.password", namespace.broker().password());
        settings.put("ricascade.manifest", "file:" + MANIFEST);
        settings.put("ricascade.exchange", namespace.exchange());
        settings.put("ricascade.queue", namespace.queue());
        settings.putAll(properties); // one value per property: Spring would join a repeated argument's values
        try {
            Path log = Files.createDirectories(MODULE_DIR.resolve("target/cleanup-service-logs")).resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(jvmOptions());
            command.addAll(List.of("-jar", jar.toString()));
            settings.forEach((key, value) -> command.add("--" + key + "=" + value));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CleanupServiceProcess(namespace, process, log, Integer.parseInt(settings.get("server.port")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the cleanup service from " + jar, e);
        }
    }

    /**
     * The benchmarks' JVM options ({@code benchmark.jvm}, the containers' JVM: pom.xml's benchmark profile); for the
     * tests, a quick start: the client compiler only and small thread stacks.
     */
    private static List<String> jvmOptions() {
        String benchmark = System.getProperty("benchmark.jvm", "").strip();
        return benchmark.isEmpty() ? List.of("-XX:TieredStopAtLevel=1", "-Xss512k") : List.of(benchmark.split("\\s+"));
    }

    /** The process's id on this machine, for its CPU time. */
    public long pid() {
        return process.pid();
    }

    /** Waits until the service consumes its queue; fails with its log if it died. */
    public CleanupServiceProcess awaitReady() {
        await("the cleanup service consuming " + namespace.queue() + ".0").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the cleanup service exited with " + process.exitValue()
                                + "; its log " + log + ":\n" + tail());
                    }
                    return consumers() > 0 && (port == 0 || ready());
                });
        return this;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private int consumers() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(namespace.broker().host());
        factory.setPort(namespace.broker().port());
        factory.setUsername(namespace.broker().user());
        factory.setPassword(namespace.broker().password());
        try (Connection connection = factory.newConnection("cleanup-readiness"); Channel channel = connection.createChannel()) {
            // the first shard queue: a single replica consumes every shard
            return channel.queueDeclarePassive(namespace.queue() + ".0").getConsumerCount();
        } catch (Exception e) {
            return 0; // not declared yet
        }
    }

    /** This replica's readiness probe (database, broker and listener started) answers UP. */
    private boolean ready() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return READINESS.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Path jar() {
        Path target = MODULE_DIR.resolve("../cleanup-service/target").normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("cleanup-service-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no cleanup-service jar in " + target
                            + "; build it first: ./mvnw -pl cleanup-service -am package -DskipTests"));
        } catch (IOException e) {
            throw new IllegalStateException("no cleanup-service jar in " + target + " (" + e + "); build it first: "
                    + "./mvnw -pl cleanup-service -am package -DskipTests", e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
