package dev.ricascade.deployment;

import org.junit.jupiter.api.Test;

import dev.ricascade.api.ApiApplication;

/** docs/configuration.md against the API's real configuration: every ricascade.* property, with its default. */
class ApiConfigurationDocsTests {

    private static final ServiceConfiguration API = ServiceConfiguration.of("api-service", ApiApplication.class);

    @Test
    void theConfigurationTableHasEveryRicascadePropertyOfTheApiWithItsDefault() {
        ConfigurationTable.read().assertDocuments(API);
    }
}
