package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ricascade.cleanup.CleanupBenchmark;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.testing.BenchmarkReport;

/**
 * Memory stays flat however large the subtree: deletes customers owning 1,000, 5,000, 20,000, 60,000 and again
 * 20,000 orders of 20 lines each (21,001 to 1,260,001 rows) and, every 10 batches of each cascade, collects garbage and
 * reads the heap still in use. Prints the peak of those readings next to the baseline for each size: if the
 * engine loaded a subtree whole, the peak would grow with the subtree (1,260,001 keys are tens of MB). What a batch
 * holds (up to {@code ricascade.batch-size} rows) grows with the subtree until the subtree fills a batch; the sizes
 * beyond it show the peak stays there. At the service's
 * defaults; runs with the other benchmarks ({@code ./mvnw -Pbenchmark verify}, see docs/benchmarks.md).
 */
class CascadeMemoryBenchmark extends CleanupBenchmark {

    private static final int LINES_PER_ORDER = 20;
    /** Customer ids too; the last size again, after the largest, shows how far the peak moves between runs alike. */
    private static final int[] ORDERS = {1_000, 5_000, 20_000, 60_000, 20_000};
    private static final int MOST_ORDERS = 60_000;

    @Autowired
    private CascadeEngine engine;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Test
    void retainedHeapDoesNotGrowWithTheSubtree() {
        sql("CREATE TABLE numbers (n INT NOT NULL PRIMARY KEY)");
        sql("INSERT INTO numbers (n) VALUES " + IntStream.range(0, MOST_ORDERS).mapToObj(n -> "(" + n + ")")
                .collect(Collectors.joining(", ")));
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-10s %10s %12s %14s %10s %16s %10s", "orders", "rows", "statements", "baseline MB",
                "peak MB", "peak - base, MB", "samples"));
        for (int size : ORDERS) {
            long customer = size;
            sql("INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, 'c', '2024-01-01')", customer,
                    "c" + customer + "@x.org");
            sql("INSERT INTO orders (id, customer_id, status, total, placed_at) SELECT ? * 100000 + n, ?, 'shipped', 10, "
                    + "'2024-01-01' FROM numbers WHERE n < ?", customer, customer, size);
            sql("INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) SELECT o.id, l.n, 'SKU', 1, 9.99 "
                    + "FROM orders o JOIN numbers l ON l.n < ? WHERE o.customer_id = ?", LINES_PER_ORDER, customer);
            sql("DELETE FROM customers WHERE id = ?", customer);

            long baseline = retained();
            HeapSampler sampler = new HeapSampler();
            CascadeReport report = engine.parentDeleted("customers", Map.of("id", customer), sampler);

            assertThat(report.totalRows()).isEqualTo((long) size * (LINES_PER_ORDER + 1));
            assertThat(count("orders", "customer_id = ?", customer)).isZero();
            lines.add(String.format("%-10d %10d %12d %14.1f %10.1f %16.1f %10d", size, report.totalRows() + 1,
                    report.statements(), baseline / 1e6, sampler.peak / 1e6, (sampler.peak - baseline) / 1e6, sampler.samples));
        }
        BenchmarkReport.publish("CascadeMemoryBenchmark", "CascadeMemoryBenchmark: heap in use after a full GC, sampled "
                + "every 10 batches of each cascade; " + settings() + "\n" + String.join("\n", lines) + "\n");
    }

    private long retained() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Every 10th batch, collects garbage and reads the heap still in use. */
    private final class HeapSampler implements CascadeProgress {

        long peak;
        int samples;
        private int batches;

        @Override
        public void rowsChanged(Relationship relationship, RowChange change, long rows) {
            if (++batches % 10 == 0) {
                peak = Math.max(peak, retained());
                samples++;
            }
        }
    }
}
