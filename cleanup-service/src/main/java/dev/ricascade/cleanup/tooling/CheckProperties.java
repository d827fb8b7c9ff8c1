package dev.ricascade.cleanup.tooling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The manifest check at start-up, {@code ricascade.check.*}.
 *
 * @param onStartup        check the manifest against the database before the service starts, and refuse to start
 *                         on errors
 * @param failOnWarnings   refuse to start on warnings too
 */
@Validated
@ConfigurationProperties("ricascade.check")
public record CheckProperties(@DefaultValue("true") boolean onStartup, @DefaultValue("false") boolean failOnWarnings) {
}
