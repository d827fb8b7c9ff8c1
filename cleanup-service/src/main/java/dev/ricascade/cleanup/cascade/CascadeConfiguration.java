package dev.ricascade.cleanup.cascade;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.RelationshipGraph;

@Configuration(proxyBeanMethods = false)
class CascadeConfiguration {

    @Bean
    CascadeEngine cascadeEngine(JdbcClient jdbc, TransactionOperations transactions, RelationshipGraph graph,
                                SchemaCatalog catalog, CleanupProperties properties, ShutdownSignal shutdown) {
        return new CascadeEngine(jdbc, transactions, graph, catalog, properties.batchSize(), properties.statementBudget(),
                properties.concurrentStatements(), shutdown::stopping);
    }
}
