package dev.ricascade.cleanup.events;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import dev.ricascade.testing.TestNamespace;

/** The first shard queue of a test namespace, declared as the service declares it, and a connection to its broker. */
record TestShardQueue(CachingConnectionFactory connections, String name) implements AutoCloseable {

    static TestShardQueue declare(TestNamespace namespace) {
        CachingConnectionFactory connections = new CachingConnectionFactory(namespace.broker().host(),
                namespace.broker().port());
        connections.setUsername(namespace.broker().user());
        connections.setPassword(namespace.broker().password());
        String queue = namespace.queue() + ".0";
        new RabbitAdmin(connections).declareQueue(TopologyConfiguration.shardQueue(queue, namespace.queue() + ".dlx",
                namespace.queue() + ".dlq"));
        return new TestShardQueue(connections, queue);
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
