package dev.ricascade.cleanup.cascade;

/**
 * The large customer delete at the service's default settings, whatever they are now; {@code -Dbenchmark.batch-size=N}
 * and the other options of {@link dev.ricascade.cleanup.CleanupBenchmark} try others.
 */
class CascadeBenchmark extends CustomerDeleteComparison {
}
