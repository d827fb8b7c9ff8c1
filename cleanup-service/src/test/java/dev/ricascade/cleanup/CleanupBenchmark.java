package dev.ricascade.cleanup;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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

    @Override
    protected String schemaResource() {
        return "manifests/benchmark.sql";
    }

    /** The settings a benchmark's figures depend on, for its report's first line. */
    protected String settings() {
        return String.format("ricascade.batch-size %d, statement-budget %d ms, concurrent-statements %d, %d shards, "
                + "prefetch %d, combined-events %d, pool of %d", properties.batchSize(), properties.statementBudget().toMillis(),
                properties.concurrentStatements(), properties.shards(), properties.prefetch(), properties.combinedEvents(),
                pool.getMaximumPoolSize());
    }
}
