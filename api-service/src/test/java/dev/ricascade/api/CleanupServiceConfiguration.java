package dev.ricascade.api;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

import dev.ricascade.testing.TestNamespace;

/**
 * Runs the real cleanup service next to the API under test, in the test class's namespace, once the
 * API's Flyway migrations have created the tables. Import it with {@code TestServersConfiguration}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CleanupServiceConfiguration {

    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    CleanupServiceProcess cleanupService(TestNamespace namespace) {
        return CleanupServiceProcess.start(namespace);
    }
}
