package dev.ricascade.cleanup.capture;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The capture role's settings, {@code ricascade.capture.*}: following the binlog of the application's database
 * and publishing its parent changes. The database followed is the one {@code spring.datasource.url} names.
 *
 * @param enabled            run the capture in this instance (one instance at a time: a lock in the database
 *                           keeps any other waiting)
 * @param markOwnTransactions write a row into {@code ri_capture_marker} first in each of this service's own
 *                           transactions, so a capture skips them; keep it on in every cleanup replica whenever a
 *                           capture follows the database
 * @param host               the server whose binlog is read (the primary, or a replica that logs its replica
 *                           updates)
 * @param port               its port
 * @param username           a user with {@code SELECT, REPLICATION SLAVE, REPLICATION CLIENT}
 * @param password           its password
 * @param serverId           the replica id this client registers with; unique among the server's replicas
 * @param name               the row of {@code ri_capture_position} this capture keeps its position in, and the name
 *                           of its lock
 * @param maxBatch           the most events published before the position is stored
 * @param confirmTimeout     how long to wait for the broker's confirms of a batch before publishing it again
 * @param retryInterval      wait before reconnecting or publishing again after a failure
 * @param queueCapacity      committed transactions read ahead of the publisher; reading pauses when it is full
 */
@Validated
@ConfigurationProperties("ricascade.capture")
public record CaptureProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("true") boolean markOwnTransactions,
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("3306") @Min(1) @Max(65535) int port,
        @DefaultValue("root") @NotBlank String username,
        @DefaultValue("") String password,
        @DefaultValue("65001") @Min(1) long serverId,
        @DefaultValue("capture") @NotBlank String name,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch,
        @DefaultValue("10s") @NotNull Duration confirmTimeout,
        @DefaultValue("2s") @NotNull Duration retryInterval,
        @DefaultValue("10000") @Min(1) int queueCapacity) {
}
