package dev.ricascade.cleanup;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A benchmark of the cleanup service at its default settings: those of {@link CleanupProperties} and the service's
 * application.yml, not the integration tests' (their own {@code @SpringBootTest} properties, such as
 * {@code ricascade.batch-size=10}, are replaced by this class's, and {@code spring.config.location} leaves out the
 * tests' {@code config/application.properties} with its 4 shards). A setting changes only when asked for on the
 * command line: {@code -Dbenchmark.batch-size}, {@code -Dbenchmark.statement-budget},
 * {@code -Dbenchmark.concurrent-statements}, {@code -Dbenchmark.shards}, {@code -Dbenchmark.prefetch},
 * {@code -Dbenchmark.combined-events} and {@code -Dbenchmark.pool-size}.
 */
@SpringBootTest(properties = {"ricascade.manifest=classpath:manifests/benchmark.yml",
        "spring.config.location=classpath:/application.yml",
        // the benchmarks create their schema after the start, as the integration tests do
        "ricascade.check.on-startup=false"})
public abstract class CleanupBenchmark extends CleanupIntegrationTest {

    /** The command line's {@code -Dbenchmark.<name>} and the setting each one changes. */
    private static final Map<String, String> OVERRIDES = Map.of(
            "benchmark.batch-size", "ricascade.batch-size",
            "benchmark.statement-budget", "ricascade.statement-budget",
            "benchmark.concurrent-statements", "ricascade.concurrent-statements",
            "benchmark.shards", "ricascade.shards",
            "benchmark.prefetch", "ricascade.prefetch",
            "benchmark.combined-events", "ricascade.combined-events",
            "benchmark.pool-size", "spring.datasource.hikari.maximum-pool-size");

    protected static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

    /**
     * Replicas of the service for the benchmarks that spread their events over the shards
     * ({@code -Dbenchmark.replicas}): two by default, as docker-compose.yml runs. The test's own context is the first;
     * the others are started beside it in this JVM with the same settings, and divide the shards with it.
     */
    protected static final int REPLICAS = Integer.getInteger("benchmark.replicas", 2);

    /** What the other replicas must share with the first: where the servers and queues are, and what it runs. */
    private static final List<String> SHARED = List.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username",
            "spring.rabbitmq.password", "ricascade.exchange", "ricascade.queue", "ricascade.manifest");

    @Autowired
    private Environment environment;

    private final List<ConfigurableApplicationContext> otherReplicas = new ArrayList<>();

    @Autowired
    private HikariDataSource pool;

    @DynamicPropertySource
    static void onlyWhatTheCommandLineChanges(DynamicPropertyRegistry registry) {
        OVERRIDES.forEach((option, property) -> {
            String value = System.getProperty(option);
            if (value != null) {
                registry.add(property, () -> value);
            }
        });
    }

    /**
     * Starts {@link #REPLICAS} - 1 more replicas with this one's settings (command-line overrides included) and waits
     * until the shards are divided among all of them.
     */
    protected void startTheOtherReplicas() {
        List<String> arguments = new ArrayList<>(Stream.concat(SHARED.stream(), OVERRIDES.values().stream())
                .filter(environment::containsProperty)
                .map(property -> "--" + property + "=" + environment.getProperty(property)).toList());
        arguments.addAll(List.of("--spring.config.location=classpath:/application.yml", "--ricascade.check.on-startup=false",
                "--server.port=0"));
        for (int i = 1; i < REPLICAS; i++) {
            otherReplicas.add(new SpringApplicationBuilder(CleanupApplication.class).run(arguments.toArray(String[]::new)));
        }
        await("the shards divided among " + REPLICAS + " replicas").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                        "SELECT COUNT(DISTINCT member_id) FROM ri_cleanup_shard").query(Long.class).single() == REPLICAS
                        && jdbc.sql("SELECT COUNT(*) FROM ri_cleanup_shard").query(Long.class).single() == properties.shards());
    }

    @AfterEach
    void stopTheOtherReplicas() {
        otherReplicas.forEach(ConfigurableApplicationContext::close);
        otherReplicas.clear();
    }

    @Override
    protected String schemaResource() {
        return "manifests/benchmark.sql";
    }

    /** The settings a benchmark's figures depend on, for its report's first line. */
    protected String settings() {
        return String.format((otherReplicas.isEmpty() ? "" : (1 + otherReplicas.size()) + " replicas, ")
                + "ricascade.batch-size %d, statement-budget %d ms, concurrent-statements %d, %d shards, "
                + "prefetch %d, combined-events %d, pool of %d", properties.batchSize(), properties.statementBudget().toMillis(),
                properties.concurrentStatements(), properties.shards(), properties.prefetch(), properties.combinedEvents(),
                pool.getMaximumPoolSize());
    }
}
