package dev.ricascade.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points a Spring Boot test at the test servers, in a namespace of its own that is dropped when the
 * context closes. Import it and mark the test class {@code @DirtiesContext} so that each class gets,
 * and then drops, its own database and queues.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestServersConfiguration {

    @Bean(destroyMethod = "close")
    TestNamespace testNamespace() {
        return TestNamespace.create();
    }

    @Bean
    DynamicPropertyRegistrar testServerProperties(TestNamespace namespace) {
        return registry -> {
            registry.add("spring.datasource.url", namespace::jdbcUrl);
            registry.add("spring.datasource.username", () -> namespace.databaseServer().user());
            registry.add("spring.datasource.password", () -> namespace.databaseServer().password());
            registry.add("spring.rabbitmq.host", () -> namespace.broker().host());
            registry.add("spring.rabbitmq.port", () -> namespace.broker().port());
            registry.add("spring.rabbitmq.username", () -> namespace.broker().user());
            registry.add("spring.rabbitmq.password", () -> namespace.broker().password());
            registry.add("ricascade.exchange", namespace::exchange);
            registry.add("ricascade.queue", namespace::queue);
        };
    }
}
