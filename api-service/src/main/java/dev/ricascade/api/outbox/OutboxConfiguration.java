package dev.ricascade.api.outbox;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ricascade.api.ApiProperties;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    /** Declared (as the cleanup service declares it) so that publishing never fails for want of it. */
    @Bean
    TopicExchange eventsExchange(ApiProperties properties) {
        return new TopicExchange(properties.exchange(), true, false);
    }
}
