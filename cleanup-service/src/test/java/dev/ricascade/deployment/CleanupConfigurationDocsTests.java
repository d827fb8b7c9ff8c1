package dev.ricascade.deployment;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ricascade.cleanup.CleanupApplication;

/** docs/configuration.md against the cleanup service's real configuration: every ricascade.* property, with its default. */
class CleanupConfigurationDocsTests {

    private static final ServiceConfiguration CLEANUP = ServiceConfiguration.of("cleanup-service", CleanupApplication.class);

    /** Its row is being added to docs/configuration.md on main: empty this set once main is merged. */
    private static final Set<String> ROW_ADDED_ON_MAIN = Set.of("ricascade.prefetch");

    @Test
    void theConfigurationTableHasEveryRicascadePropertyOfTheCleanupServiceWithItsDefault() {
        ConfigurationTable.read().assertDocuments(CLEANUP, ROW_ADDED_ON_MAIN);
    }
}
