package dev.ricascade.cleanup.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.testing.BenchmarkReport;

/**
 * How fast the capture publishes parent deletes made by another application: 20,000 customers deleted in
 * statements of 100 rows; prints deletes per second from the first delete to the last event confirmed, and the
 * lag, the time between the last delete's commit and its event's confirm. Run with
 * {@code ./mvnw -Pbenchmark -o -pl cleanup-service -am verify -Dit.test=CaptureBenchmark}.
 */
@TestPropertySource(properties = "spring.rabbitmq.listener.simple.auto-startup=false") // measure the capture alone
class CaptureBenchmark extends CaptureIntegrationTest {

    private static final int CUSTOMERS = 20_000;
    private static final int PER_STATEMENT = 100;

    @Test
    void captureKeepsUpWithTwoThousandParentDeletesPerSecond() {
        for (int from = 1; from <= CUSTOMERS; from += 1_000) {
            int start = from;
            asAnotherApplication("INSERT INTO customers (id, email) VALUES " + IntStream.range(start, start + 1_000)
                    .mapToObj(i -> "(" + i + ", 'c" + i + "@example.com')").collect(Collectors.joining(", ")));
        }
        long before = eventsPublished();

        long started = System.nanoTime();
        String[] deletes = IntStream.iterate(1, i -> i <= CUSTOMERS, i -> i + PER_STATEMENT)
                .mapToObj(i -> "DELETE FROM customers WHERE id BETWEEN " + i + " AND " + (i + PER_STATEMENT - 1))
                .toArray(String[]::new);
        asAnotherApplication(deletes);
        long deletedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(this::eventsPublished, n -> n >= before + CUSTOMERS);
        long confirmedAt = System.nanoTime();

        double seconds = (confirmedAt - started) / 1e9;
        double rate = CUSTOMERS / seconds;
        BenchmarkReport.publish("CaptureBenchmark", String.format("CaptureBenchmark: %,d parent deletes (%d per statement): "
                        + "deleted in %.2f s, all events published and confirmed after %.2f s: %,.0f deletes/s; lag after the "
                        + "last delete %.0f ms%n", CUSTOMERS, PER_STATEMENT, (deletedAt - started) / 1e9, seconds, rate,
                (confirmedAt - deletedAt) / 1e6));
        assertThat(rate).isGreaterThanOrEqualTo(2_000);
    }
}
