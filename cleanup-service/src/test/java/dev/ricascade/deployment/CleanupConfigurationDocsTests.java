package dev.ricascade.deployment;

import org.junit.jupiter.api.Test;

import dev.ricascade.cleanup.CleanupApplication;

/** docs/configuration.md against the cleanup service's real configuration: every ricascade.* property, with its default. */
class CleanupConfigurationDocsTests {

    private static final ServiceConfiguration CLEANUP = ServiceConfiguration.of("cleanup-service", CleanupApplication.class);

    @Test
    void theConfigurationTableHasEveryRicascadePropertyOfTheCleanupServiceWithItsDefault() {
        ConfigurationTable.read().assertDocuments(CLEANUP);
    }
}
