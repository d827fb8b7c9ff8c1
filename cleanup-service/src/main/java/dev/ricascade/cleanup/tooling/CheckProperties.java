package dev.ricascade.cleanup.tooling;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The manifest check at start-up, {@code ricascade.check.*}.
 *
 * @param onStartup      check the manifest against the database before the service starts, and refuse to start on
 *                       errors
 * @param failOnWarnings refuse to start on warnings too
 * @param schemaWait     how long to keep checking again while there are errors, for a schema that is being migrated
 *                       as the service starts (the api-service's Flyway, a deployment starting both at once)
 */
@Validated
@ConfigurationProperties("ricascade.check")
public record CheckProperties(@DefaultValue("true") boolean onStartup, @DefaultValue("false") boolean failOnWarnings,
                              @DefaultValue("60s") @NotNull Duration schemaWait) {
}
