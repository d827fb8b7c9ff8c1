package dev.ricascade.cleanup.capture;

import javax.sql.DataSource;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.RelationshipGraph;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The capture role ({@code ricascade.capture.enabled=true}), and the marking of this service's own transactions
 * that keeps a capture from publishing them again ({@code ricascade.capture.mark-own-transactions}, on unless
 * switched off).
 */
@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

    /** Replaces Spring Boot's transaction manager, so every transaction the service runs carries the marker. */
    @Bean
    @ConditionalOnBooleanProperty(name = "ricascade.capture.mark-own-transactions", matchIfMissing = true)
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new OwnTransactionMarker(dataSource);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("ricascade.capture.enabled")
    static class CaptureRole {

        @Bean
        CapturePositions capturePositions(JdbcClient jdbc, CaptureProperties properties) {
            return new CapturePositions(jdbc, properties.name());
        }

        @Bean
        CaptureHealth captureHealthIndicator() {
            return new CaptureHealth();
        }

        @Bean
        CaptureMetrics captureMetrics(MeterRegistry registry) {
            return new CaptureMetrics(registry);
        }

        @Bean
        BinlogCapture binlogCapture(CaptureProperties properties, DataSource dataSource, CapturePositions positions,
                                    RelationshipGraph graph, RabbitTemplate rabbit, CleanupProperties cleanup,
                                    CaptureMetrics metrics, CaptureHealth health) {
            CapturePublisher publisher = new CapturePublisher(rabbit, cleanup.exchange(), properties.confirmTimeout());
            BinlogFollower.Parts parts = new BinlogFollower.Parts(dataSource, positions, new ParentChangeEvents(graph),
                    publisher, metrics, health);
            return new BinlogCapture(properties, parts);
        }
    }
}
