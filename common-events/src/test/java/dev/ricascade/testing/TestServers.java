package dev.ricascade.testing;

import java.util.Locale;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The one switch that decides where the integration tests' servers are, for every module.
 * <p>
 * With a Docker engine, Testcontainers starts MySQL and RabbitMQ (pinned images, once per JVM).
 * Without one, the tests use the servers named by environment variables, by default the local ones:
 * {@code TEST_MYSQL_HOST} (127.0.0.1), {@code TEST_MYSQL_PORT} (3306), {@code TEST_MYSQL_USER} (root),
 * {@code TEST_MYSQL_PASSWORD} (empty), {@code TEST_RABBITMQ_HOST} (127.0.0.1), {@code TEST_RABBITMQ_PORT}
 * (5672), {@code TEST_RABBITMQ_MANAGEMENT_PORT} (15672), {@code TEST_RABBITMQ_USER} and
 * {@code TEST_RABBITMQ_PASSWORD} (guest). {@code TEST_SERVERS=local} or {@code containers} forces a side.
 * The capture's tests need a server that writes a ROW binlog with full images and metadata: a MySQL container
 * started with those flags, or locally {@code TEST_BINLOG_HOST} (127.0.0.1), {@code TEST_BINLOG_PORT} (3307),
 * {@code TEST_BINLOG_USER} and {@code TEST_BINLOG_PASSWORD} (ricascade), the second MariaDB {@code .ci/run} starts.
 * A missing server is a failure, never a skip.
 */
public final class TestServers {

    public record Database(String host, int port, String user, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:mysql://" + host + ":" + port + "/" + database
                    + "?useSSL=false&allowPublicKeyRetrieval=true&serverTimezone=UTC&rewriteBatchedStatements=true";
        }
    }

    public record Broker(String host, int port, String user, String password, int managementPort) {

        public String managementUrl() {
            return "http://" + host + ":" + managementPort;
        }
    }

    private static Database database;
    private static Database binlogDatabase;
    private static Broker broker;

    public static synchronized Database database() {
        if (database == null) {
            database = useContainers() ? startMySql() : new Database(env("TEST_MYSQL_HOST", "127.0.0.1"),
                    Integer.parseInt(env("TEST_MYSQL_PORT", "3306")), env("TEST_MYSQL_USER", "root"),
                    env("TEST_MYSQL_PASSWORD", ""));
        }
        return database;
    }

    /** A server whose binlog the capture can follow (ROW format, full row images, full row metadata). */
    public static synchronized Database binlogDatabase() {
        if (binlogDatabase == null) {
            binlogDatabase = useContainers() ? startBinlogMySql() : new Database(env("TEST_BINLOG_HOST", "127.0.0.1"),
                    Integer.parseInt(env("TEST_BINLOG_PORT", "3307")), env("TEST_BINLOG_USER", "ricascade"),
                    env("TEST_BINLOG_PASSWORD", "ricascade"));
        }
        return binlogDatabase;
    }

    public static synchronized Broker broker() {
        if (broker == null) {
            broker = useContainers() ? startRabbitMq() : new Broker(env("TEST_RABBITMQ_HOST", "127.0.0.1"),
                    Integer.parseInt(env("TEST_RABBITMQ_PORT", "5672")), env("TEST_RABBITMQ_USER", "guest"),
                    env("TEST_RABBITMQ_PASSWORD", "guest"), Integer.parseInt(env("TEST_RABBITMQ_MANAGEMENT_PORT", "15672")));
        }
        return broker;
    }

    public static boolean useContainers() {
        String choice = env("TEST_SERVERS", "auto").toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "containers" -> true;
            case "local" -> false;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable();
            default -> throw new IllegalStateException("TEST_SERVERS is '" + choice + "'; expected auto, local or containers");
        };
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static Database startMySql() {
        MySQLContainer mysql = new MySQLContainer(System.getProperty("test.image.mysql", "mysql:8.4.6"))
                .withUsername("root").withPassword("test");
        mysql.start();
        return new Database(mysql.getHost(), mysql.getMappedPort(3306), "root", "test");
    }

    @SuppressWarnings("resource")
    private static Database startBinlogMySql() {
        MySQLContainer mysql = new MySQLContainer(System.getProperty("test.image.mysql", "mysql:8.4.6"))
                .withUsername("root").withPassword("test")
                .withCommand("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                        "--binlog-row-metadata=FULL", "--server-id=2");
        mysql.start();
        return new Database(mysql.getHost(), mysql.getMappedPort(3306), "root", "test");
    }

    @SuppressWarnings("resource")
    private static Broker startRabbitMq() {
        RabbitMQContainer rabbit = new RabbitMQContainer(System.getProperty("test.image.rabbitmq", "rabbitmq:4.1.4-management"))
                // as compose's RabbitMQ: the cleanup service's shards sit behind a consistent-hash exchange
                .withCopyToContainer(Transferable.of(
                        "[rabbitmq_management,rabbitmq_prometheus,rabbitmq_consistent_hash_exchange].\n"),
                        "/etc/rabbitmq/enabled_plugins");
        rabbit.start();
        return new Broker(rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getAdminUsername(), rabbit.getAdminPassword(),
                rabbit.getHttpPort());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name, fallback) : value;
    }

    private TestServers() {
    }
}
