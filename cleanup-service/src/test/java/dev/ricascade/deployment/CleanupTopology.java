package dev.ricascade.deployment;

import static org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * The broker topology as the cleanup service declares it: its messaging configuration (the
 * {@code @Configuration} classes of {@code dev.ricascade.cleanup.events}) with RabbitMQ's auto-configuration,
 * bound from docker-compose.yml's environment for the cleanup service, as the running service would be.
 */
final class CleanupTopology {

    private CleanupTopology() {
    }

    /** The cleanup service's environment in docker-compose.yml, read with the variables of .env.example. */
    static Map<String, Object> composeEnvironment() {
        return DeploymentFiles.map(DeploymentFiles.compose(DeploymentFiles.envExample()), "services", "cleanup-service",
                "environment");
    }

    /** A context of the service's topology beans, bound from {@code environment} in place of this machine's. */
    static ApplicationContextRunner from(Map<String, Object> environment) {
        Map<String, Object> copy = new LinkedHashMap<>(environment);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class))
                .withUserConfiguration(Messaging.class)
                // in place of this machine's environment, under its name: only a source named so gets Spring
                // Boot's environment variable mapping (SPRING_RABBITMQ_HOST to spring.rabbitmq.host)
                .withInitializer(context -> context.getEnvironment().getPropertySources().replace(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, copy)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CleanupProperties.class)
    @ComponentScan(basePackages = "dev.ricascade.cleanup.events", useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(Configuration.class))
    static class Messaging {
    }
}
