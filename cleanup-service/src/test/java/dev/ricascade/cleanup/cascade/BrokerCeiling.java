package dev.ricascade.cleanup.cascade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import dev.ricascade.events.EventHeaders;

/**
 * What the broker alone allows: the shard topology the service runs on (a topic exchange, a consistent-hash exchange
 * on the ordering header, quorum queues with single active consumer and a delivery limit), published to as the
 * benchmark publishes, drained by one consumer per shard at the service's prefetch that only acknowledges. No
 * database, no cascade: the ceiling of any consumer on this machine, measured beside InnoDB in the same round.
 */
final class BrokerCeiling {

    private BrokerCeiling() {
    }

    /** @return messages a second, from the first publish to the last acknowledgement */
    static double drainRate(ConnectionFactory connections, String prefix, int shards, int prefetch, int messages)
            throws IOException, InterruptedException {
        String events = prefix + ".ceiling.events";
        String hashed = prefix + ".ceiling.shards";
        try (Connection connection = connections.createConnection()) {
            Channel admin = connection.createChannel(false);
            List<Channel> consumers = new ArrayList<>();
            try {
                admin.exchangeDeclare(events, "topic", false, true, null);
                admin.exchangeDeclare(hashed, "x-consistent-hash", false, true, Map.of("hash-header", EventHeaders.ORDER_KEY));
                admin.exchangeBind(hashed, events, "#");
                for (int s = 0; s < shards; s++) {
                    String queue = prefix + ".ceiling." + s;
                    admin.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                            "x-single-active-consumer", true, "x-delivery-limit", 20));
                    admin.queueBind(queue, hashed, "1");
                }
                AtomicInteger received = new AtomicInteger();
                CountDownLatch drained = new CountDownLatch(1);
                for (int s = 0; s < shards; s++) {
                    Channel channel = connection.createChannel(false);
                    consumers.add(channel);
                    channel.basicQos(prefetch);
                    channel.basicConsume(prefix + ".ceiling." + s, false, new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                                throws IOException {
                            getChannel().basicAck(envelope.getDeliveryTag(), false);
                            if (received.incrementAndGet() == messages) {
                                drained.countDown();
                            }
                        }
                    });
                }
                Channel publisher = connection.createChannel(false);
                consumers.add(publisher);
                long started = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    publisher.basicPublish(events, "customers.deleted", new AMQP.BasicProperties.Builder()
                                    .contentType("application/json").headers(Map.of(EventHeaders.ORDER_KEY, "customers:" + i)).build(),
                            ("{\"entity\":\"customers\",\"action\":\"deleted\",\"key\":{\"id\":" + i + "}}")
                                    .getBytes(StandardCharsets.UTF_8));
                }
                if (!drained.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the broker delivered " + received.get() + " of " + messages + " messages");
                }
                return messages / ((System.nanoTime() - started) / 1e9);
            } finally {
                for (Channel channel : consumers) {
                    closeQuietly(channel);
                }
                for (int s = 0; s < shards; s++) {
                    admin.queueDelete(prefix + ".ceiling." + s);
                }
                admin.exchangeDelete(hashed);
                admin.exchangeDelete(events);
                closeQuietly(admin);
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // already closed with its connection
        }
    }
}
