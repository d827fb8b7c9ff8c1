package dev.ricascade.cleanup.cascade;

import org.springframework.test.context.TestPropertySource;

/**
 * The large customer delete with settings other than the defaults: up to 2,000 rows per statement (the default until
 * 7 December 2026, now 10,000), fewer whenever statements take more than half of the 50 ms budget, and leaf
 * statements on two connections. Not part of the benchmark command, which measures the defaults ({@link CascadeBenchmark}); run it on
 * its own with {@code -Dit.test=AdaptiveCascadeBenchmark}. {@code -Dbenchmark.adaptive.batch-size=N},
 * {@code -Dbenchmark.statement-budget=D} and {@code -Dbenchmark.adaptive.concurrent-statements=N} try others.
 */
@TestPropertySource(properties = {"ricascade.batch-size=${benchmark.adaptive.batch-size:2000}",
        "ricascade.statement-budget=${benchmark.statement-budget:50ms}",
        "ricascade.concurrent-statements=${benchmark.adaptive.concurrent-statements:2}"})
class AdaptiveCascadeBenchmark extends CustomerDeleteComparison {
}
