package dev.ricascade.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InstantsTests {

    @Test
    void readsWhatInstantWritesAsInstantParseDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormAndEveryOutOfRangeFieldToInstantParse() {
        for (String text : List.of("2024-02-29T12:00:00Z", "2026-01-31T12:00:00.5Z", "2026-01-31T12:00:00.123456789Z",
                "2026-12-31T23:59:60Z", "2026-01-31T12:00:00+02:00", "+12026-01-31T12:00:00Z", "2026-01-31T24:00:00Z",
                "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00z")) {
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : List.of("2023-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-01-32T00:00:00Z",
                "2026-01-31T12:60:00Z", "2026-01-31T12:00:00.1234567890Z", "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", "2026-01-31T12:00Z", "yesterday",
                "２０２６-01-31T12:00:00Z")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }
}
