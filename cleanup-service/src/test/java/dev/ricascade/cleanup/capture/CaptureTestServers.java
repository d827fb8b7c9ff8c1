package dev.ricascade.cleanup.capture;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

import dev.ricascade.testing.TestNamespace;
import dev.ricascade.testing.TestServers;

/**
 * Like the shared TestServersConfiguration, but on the test server that writes a binlog
 * ({@link TestServers#binlogDatabase()}), with the capture pointed at the same server and database.
 */
@TestConfiguration(proxyBeanMethods = false)
class CaptureTestServers {

    @Bean(destroyMethod = "close")
    TestNamespace testNamespace() {
        return TestNamespace.create(TestServers.binlogDatabase());
    }

    @Bean
    DynamicPropertyRegistrar testServerProperties(TestNamespace namespace) {
        return registry -> {
            TestServers.Database server = namespace.databaseServer();
            registry.add("spring.datasource.url", namespace::jdbcUrl);
            registry.add("spring.datasource.username", server::user);
            registry.add("spring.datasource.password", server::password);
            registry.add("spring.rabbitmq.host", () -> namespace.broker().host());
            registry.add("spring.rabbitmq.port", () -> namespace.broker().port());
            registry.add("spring.rabbitmq.username", () -> namespace.broker().user());
            registry.add("spring.rabbitmq.password", () -> namespace.broker().password());
            registry.add("ricascade.exchange", namespace::exchange);
            registry.add("ricascade.queue", namespace::queue);
            registry.add("ricascade.capture.host", server::host);
            registry.add("ricascade.capture.port", server::port);
            registry.add("ricascade.capture.username", server::user);
            registry.add("ricascade.capture.password", server::password);
        };
    }
}
