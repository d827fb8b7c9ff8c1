package dev.ricascade.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A test class's own database and broker names, created fresh and dropped afterwards, so test
 * classes are independent of each other and leave nothing behind on shared servers.
 */
public final class TestNamespace implements AutoCloseable {

    private final String id;
    private final TestServers.Database database;
    private final TestServers.Broker broker = TestServers.broker();

    private TestNamespace(String id, TestServers.Database database) {
        this.id = id;
        this.database = database;
    }

    /** Creates a new empty database; the broker names are declared by whoever uses them. */
    public static TestNamespace create() {
        return create(TestServers.database());
    }

    /** Creates a new empty database on this server, such as {@link TestServers#binlogDatabase()}. */
    public static TestNamespace create(TestServers.Database server) {
        TestNamespace namespace = new TestNamespace(UUID.randomUUID().toString().replace("-", "").substring(0, 10), server);
        namespace.execute("CREATE DATABASE `" + namespace.database() + "`");
        return namespace;
    }

    /** Creates another empty database next to this one, dropped with it (for comparisons against InnoDB, say). */
    public String createDatabase(String suffix) {
        String name = database() + "_" + suffix;
        execute("CREATE DATABASE `" + name + "`");
        return name;
    }

    public String database() {
        return "ri_test_" + id;
    }

    public String exchange() {
        return "ri.events.test." + id;
    }

    /** The cleanup service's queue name: its shard queues are {@code <queue>.0} and so on. */
    public String queue() {
        return "ri.cleanup.test." + id;
    }

    /** The most shard queues a test may declare ({@code CleanupProperties.MAX_SHARDS}); all of them are deleted. */
    private static final int MAX_SHARDS = 64;

    public String jdbcUrl() {
        return database.jdbcUrl(database());
    }

    public String jdbcUrl(String databaseName) {
        return database.jdbcUrl(databaseName);
    }

    public TestServers.Database databaseServer() {
        return database;
    }

    public TestServers.Broker broker() {
        return broker;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), database.user(), database.password());
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS `" + database() + "`");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(""), database.user(), database.password());
             Statement statement = connection.createStatement();
             var others = statement.executeQuery("SHOW DATABASES LIKE '" + database() + "\\_%'")) {
            var names = new java.util.ArrayList<String>();
            while (others.next()) {
                names.add(others.getString(1));
            }
            for (String name : names) {
                statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test databases of " + database(), e);
        }
        deleteBrokerObjects();
    }

    private void deleteBrokerObjects() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.user());
        factory.setPassword(broker.password());
        try (com.rabbitmq.client.Connection connection = factory.newConnection("test-cleanup");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(queue());
            for (int shard = 0; shard < MAX_SHARDS; shard++) {
                channel.queueDelete(queue() + "." + shard); // a queue that does not exist is no error
            }
            channel.queueDelete(queue() + ".dlq");
            channel.exchangeDelete(queue() + ".dlx");
            channel.exchangeDelete(exchange() + ".shards");
            channel.exchangeDelete(exchange());
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("could not delete the test queues of " + queue(), e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(""), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on the test server " + database.host() + ":"
                    + database.port() + " (is it running? see TestServers)", e);
        }
    }
}
