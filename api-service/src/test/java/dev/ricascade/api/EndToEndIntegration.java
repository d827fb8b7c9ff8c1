package dev.ricascade.api;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the end-to-end tests share: the API on a random port, the real cleanup service beside it (ready before
 * each test), a client for the API and the database of the test class's namespace.
 */
@ApiIntegrationTest
@Import(CleanupServiceConfiguration.class)
abstract class EndToEndIntegration {

    @LocalServerPort
    int port;

    @Autowired
    CleanupServiceProcess cleanupService;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
        cleanupService.awaitReady();
    }
}
