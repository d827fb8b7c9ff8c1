package dev.ricascade.cleanup.sweep;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The orphan sweep's settings, {@code ricascade.sweep.*}. Repairs use batches of {@code ricascade.batch-size}.
 *
 * @param cron          when the sweep runs, a Spring cron expression in the server's time zone; {@code -} for never
 *                      (it still runs on demand)
 * @param strategy      how orphans are found: {@code join} (NOT EXISTS, one database) or {@code keyset} (single-table
 *                      queries only, for Vitess)
 * @param repair        whether to change anything; off, the sweep only reports (a dry run)
 * @param grace         how long a row must have been an orphan, on every scan, before repair touches it; longer than
 *                      any cascade takes, so that rows whose cascade is still on its way are left to it
 * @param chunk         child rows read per query while scanning
 * @param sampleSize    orphan keys kept per relationship in the report
 * @param rowsPerSecond the most rows a repair changes per second, 0 for no limit, so that it cannot flood replication
 * @param sentinels     values that a child column holding no reference is likely to hold instead of NULL; orphans
 *                      holding one are reported apart, as probably meant NULL, and never repaired
 * @param lockAtMostFor how long the fleet-wide lock outlives a replica that died while sweeping (at least 30s; a
 *                      running sweep extends it every half of this)
 * @param lockAtLeastFor how long the lock is held at least, so that replicas whose clocks differ a little do not
 *                      each run the same scheduled sweep
 */
@Validated
@ConfigurationProperties("ricascade.sweep")
public record SweepProperties(
        @DefaultValue("0 30 3 * * *") @NotBlank String cron,
        @DefaultValue("join") @NotNull SweepStrategy strategy,
        @DefaultValue("false") boolean repair,
        @DefaultValue("10m") @NotNull Duration grace,
        @DefaultValue("1000") @Min(1) @Max(100_000) int chunk,
        @DefaultValue("10") @Min(0) @Max(1_000) int sampleSize,
        @DefaultValue("0") @Min(0) int rowsPerSecond,
        @DefaultValue("0") @NotNull List<String> sentinels,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 30) Duration lockAtMostFor,
        @DefaultValue("30s") @NotNull Duration lockAtLeastFor) {
}
