package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BatchSizesTests {

    private static final long MS = 1_000_000;

    private final BatchSizes sizes = new BatchSizes(2000, Duration.ofMillis(50));

    @Test
    void startsAtAHundredRowsAndNeverAboveTheConfiguredBatchSize() {
        assertThat(sizes.next("t")).isEqualTo(100);
        assertThat(new BatchSizes(10, Duration.ofMillis(50)).next("t")).isEqualTo(10);
        for (int i = 0; i < 20; i++) {
            int limit = sizes.next("t");
            sizes.observe("t", limit, limit, 2 * MS);
        }
        assertThat(sizes.next("t")).isEqualTo(2000);
    }

    @Test
    void halvesAfterAStatementOverAQuarterOfTheBudgetAndGrowsOnlyAfterFastFullOnes() {
        sizes.observe("t", 100, 100, 2 * MS);
        assertThat(sizes.next("t")).isEqualTo(200);
        sizes.observe("t", 200, 200, 13 * MS); // over a quarter of 50 ms: halves, with four times its length still to go
        assertThat(sizes.next("t")).isEqualTo(100);
        sizes.observe("t", 100, 10, 2 * MS); // short: says nothing about a larger batch
        sizes.observe("t", 100, 100, 7 * MS); // between an eighth and a quarter of the budget: stays
        sizes.observe("t", 100, 100, 12 * MS);
        assertThat(sizes.next("t")).isEqualTo(100);
        sizes.observe("t", 100, 100, 6 * MS); // under an eighth and full: doubles
        assertThat(sizes.next("t")).isEqualTo(200);
        assertThat(sizes.next("other")).isEqualTo(100);
    }

    @Test
    void combinedRunsTakeSubtreesUnderTwoThousandRowsOrTheCeilingWhenLower() {
        assertThat(new BatchSizes(10_000, Duration.ofMillis(50)).combinedLimit()).isEqualTo(2000);
        assertThat(new BatchSizes(500, Duration.ofMillis(50)).combinedLimit()).isEqualTo(500);
    }

    @Test
    void namesAWholeNumberOfStatementsWorthOfParentsOnceChildrenPerParentAreKnown() {
        assertThat(sizes.parentsAtATime("r", 2000)).isEqualTo(1900);
        sizes.observeChildren("r", 10, 200);
        assertThat(sizes.parentsAtATime("r", 2000)).isEqualTo(95); // 1,900 of 2,000 rows: one short statement
        assertThat(sizes.parentsAtATime("r", 100)).isEqualTo(99); // small batches: about 2,000 rows at a time
        assertThat(sizes.parentsAtATime("r", 20)).isEqualTo(99);
        for (int i = 0; i < 10; i++) {
            sizes.observeChildren("r", 10, 0); // childless parents: name many at a time
        }
        assertThat(sizes.parentsAtATime("r", 100)).isGreaterThan(100);
    }
}
