package dev.ricascade.api;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final TestNamespace namespace;
    private final Process process;
    private final Path log;

    private CleanupServiceProcess(TestNamespace namespace, Process process, Path log) {
        this.namespace = namespace;
        this.process = process;
        this.log = log;
    }

    public static CleanupServiceProcess start(TestNamespace namespace) {
        Path jar = jar();
        try {
            Path log = Files.createDirectories(MODULE_DIR.resolve("target/cleanup-service-logs"))
                    .resolve(namespace.database() + ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar",
                    jar.toString()));
            command.addAll(List.of(
                    "--server.port=0",
                    "--spring.datasource.url=" + namespace.jdbcUrl(),
                    "--spring.datasource.username=" + namespace.databaseServer().user(),
                    "--spring.datasource.password=" + namespace.databaseServer().password(),
                    "--spring.rabbitmq.host=" + namespace.broker().host(),
                    "--spring.rabbitmq.port=" + namespace.broker().port(),
                    "--spring.rabbitmq.username=" + namespace.broker().user(),
                    "--spring.rabbitmq.password=" + namespace.broker().password(),
                    "--ricascade.manifest=file:" + MANIFEST,
                    "--ricascade.exchange=" + namespace.exchange(),
                    "--ricascade.queue=" + namespace.queue()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CleanupServiceProcess(namespace, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the cleanup service from " + jar, e);
        }
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
                    return consumers() > 0;
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
