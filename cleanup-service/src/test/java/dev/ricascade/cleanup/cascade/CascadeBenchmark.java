package dev.ricascade.cleanup.cascade;

import org.springframework.test.context.TestPropertySource;

/**
 * The large customer delete with the service's default settings: at most 100 rows per statement, so about
 * 2,100 transactions, each paying its own commit. {@code -Dbenchmark.batch-size=N} tries another size.
 */
@TestPropertySource(properties = {"ricascade.batch-size=${benchmark.batch-size:100}", "ricascade.statement-budget=50ms",
        "ricascade.concurrent-statements=${benchmark.concurrent-statements:1}"})
class CascadeBenchmark extends CustomerDeleteComparison {
}
