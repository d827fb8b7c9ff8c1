package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThrottleTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Long> parks = new ArrayList<>();

    @Test
    void waitsUntilTheRowsChangedSoFarFitTheRate() {
        Throttle throttle = new Throttle(100, now::get, nanos -> {
            parks.add(nanos);
            now.addAndGet(nanos);
        });

        throttle.changed(50);                 // 50 rows are due at 0.5 s
        now.addAndGet(200_000_000);           // the batch itself took 0.2 s more
        throttle.changed(50);                 // 100 rows are due at 1 s

        assertThat(parks).containsExactly(500_000_000L, 300_000_000L);
    }

    @Test
    void noLimitNeverWaits() {
        Throttle throttle = new Throttle(0, now::get, parks::add);

        throttle.changed(1_000_000);

        assertThat(parks).isEmpty();
    }
}
