package dev.ricascade.cleanup.cascade;

import org.springframework.test.context.TestPropertySource;

/**
 * The large customer delete with a larger ceiling that the batch size adapts under: up to 2,000 rows per
 * statement, fewer whenever statements take more than half of the 50 ms budget, so about 20 times fewer
 * commits than with the default. {@code -Dbenchmark.adaptive.batch-size=N} and
 * {@code -Dbenchmark.statement-budget=D} try other settings.
 */
@TestPropertySource(properties = {"ricascade.batch-size=${benchmark.adaptive.batch-size:2000}",
        "ricascade.statement-budget=${benchmark.statement-budget:50ms}",
        "ricascade.concurrent-statements=${benchmark.adaptive.concurrent-statements:1}"})
class AdaptiveCascadeBenchmark extends CustomerDeleteComparison {
}
