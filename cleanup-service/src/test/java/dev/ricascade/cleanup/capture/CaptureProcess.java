package dev.ricascade.cleanup.capture;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.ricascade.testing.TestNamespace;

/**
 * The cleanup service's packaged jar run as a capture only (no listener, no sweep), in its own process, pointed
 * at a test class's namespace, so that a test can kill it with {@code kill -9} in the middle of its work.
 */
final class CaptureProcess implements AutoCloseable {

    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

    private final Process process;
    private final Path log;

    private CaptureProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static CaptureProcess start(TestNamespace namespace, String manifest, int run) {
        Path jar = jar();
        try {
            Path log = Files.createDirectories(MODULE_DIR.resolve("target/capture-logs"))
                    .resolve(namespace.database() + "-" + run + ".log");
            var server = namespace.databaseServer();
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                    "--server.port=0",
                    "--spring.datasource.url=" + namespace.jdbcUrl(),
                    "--spring.datasource.username=" + server.user(),
                    "--spring.datasource.password=" + server.password(),
                    "--spring.rabbitmq.host=" + namespace.broker().host(),
                    "--spring.rabbitmq.port=" + namespace.broker().port(),
                    "--spring.rabbitmq.username=" + namespace.broker().user(),
                    "--spring.rabbitmq.password=" + namespace.broker().password(),
                    "--spring.rabbitmq.listener.simple.auto-startup=false",
                    "--ricascade.sweep.cron=-",
                    "--ricascade.check.on-startup=false",
                    "--ricascade.manifest=" + manifest,
                    "--ricascade.exchange=" + namespace.exchange(),
                    "--ricascade.queue=" + namespace.queue(),
                    // the same shard queues as the consumers in the test's own context, or events land on shards they lack
                    "--ricascade.shards=" + testShards(),
                    "--ricascade.capture.enabled=true",
                    "--ricascade.capture.retry-interval=200ms",
                    "--ricascade.capture.max-batch=20",
                    "--ricascade.capture.host=" + server.host(),
                    "--ricascade.capture.port=" + server.port(),
                    "--ricascade.capture.username=" + server.user(),
                    "--ricascade.capture.password=" + server.password()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CaptureProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the capture from " + jar, e);
        }
    }

    /** The shard count the tests' own configuration ({@code config/application.properties}) gives the service. */
    private static String testShards() {
        try (var in = CaptureProcess.class.getResourceAsStream("/config/application.properties")) {
            java.util.Properties config = new java.util.Properties();
            config.load(in);
            return config.getProperty("ricascade.shards", "20");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds; fails with the process's log if it died. */
    CaptureProcess awaitUntil(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the capture exited with " + process.exitValue() + "; its log " + log);
            }
            return condition.getAsBoolean();
        });
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no last position stored. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static Path jar() {
        Path target = MODULE_DIR.resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("cleanup-service-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no cleanup-service jar in " + target
                            + "; it is built by the package phase: ./mvnw -pl cleanup-service -am verify"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
