package dev.ricascade.cleanup.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.ricascade.cleanup.CleanupApplication;
import dev.ricascade.cleanup.tooling.Finding.Severity;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.ManifestWriter;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.testing.TestNamespace;

/** Import, check and diagram against a real server, in a database of this class's own. */
class ManifestToolsIntegrationTests {

    /** Every action, a composite key, a self-reference; declared as real FOREIGN KEYs. */
    private static final String DECLARED = """
            CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, referred_by BIGINT NULL,
              CONSTRAINT customers_referrer FOREIGN KEY (referred_by) REFERENCES customers (id) ON DELETE SET NULL ON UPDATE CASCADE);
            CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
              CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE ON UPDATE RESTRICT);
            CREATE TABLE order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, PRIMARY KEY (order_id, line_no),
              CONSTRAINT order_lines_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE RESTRICT ON UPDATE NO ACTION);
            CREATE TABLE shipments (id BIGINT PRIMARY KEY, line_no INT NULL, order_id BIGINT NULL,
              CONSTRAINT shipments_line FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no)
              ON DELETE NO ACTION ON UPDATE SET NULL)
            """;

    private static final String EXPECTED = """
            relationships:
              - name: customers_referrer
                child: customers(referred_by)
                parent: customers(id)
                on-delete: set-null
                on-update: cascade
              - name: order_lines_order
                child: order_lines(order_id)
                parent: orders(id)
                on-delete: restrict
                on-update: no-action
              - name: orders_customer
                child: orders(customer_id)
                parent: customers(id)
                on-delete: cascade
                on-update: restrict
              - name: shipments_line
                child: shipments(order_id, line_no)
                parent: order_lines(order_id, line_no)
                on-delete: no-action
                on-update: set-null
            """;

    /** What the check must find wrong with {@link #BROKEN_MANIFEST}, one relationship per kind of mismatch. */
    private static final String BROKEN = """
            CREATE TABLE customers (id BIGINT PRIMARY KEY, code VARCHAR(10) NOT NULL, region VARCHAR(10) NOT NULL);
            CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, customer_code VARCHAR(10) NULL,
              KEY (customer_id));
            CREATE TABLE events (happened_at DATETIME NOT NULL, order_id BIGINT NULL)
            """;

    private static final String BROKEN_MANIFEST = """
            tables:
              customers:
                soft-delete: is_deleted
            relationships:
              - {name: missing_table, child: invoices(order_id), parent: orders(id), on-delete: cascade}
              - {name: missing_column, child: orders(customer_ref), parent: customers(id), on-delete: cascade}
              - {name: int_against_bigint, child: orders(customer_id), parent: customers(id), on-delete: set-null}
              - {name: not_unique, child: orders(customer_code), parent: customers(code), on-delete: set-null}
              - {name: no_index_no_key, child: events(order_id), parent: orders(id), on-delete: cascade}
            """;

    private static TestNamespace namespace;
    private static JdbcClient jdbc;
    private static DataSource dataSource;

    @TempDir
    Path files;

    @BeforeAll
    static void createDatabase() {
        namespace = TestNamespace.create();
        // one connection, so that the session's FOREIGN_KEY_CHECKS setting holds while tables are dropped
        dataSource = new SingleConnectionDataSource(namespace.jdbcUrl(), namespace.databaseServer().user(),
                namespace.databaseServer().password(), true);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void dropDatabase() {
        namespace.close();
    }

    @BeforeEach
    void emptyDatabase() {
        jdbc.sql("SET FOREIGN_KEY_CHECKS = 0").update();
        jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE()").query(String.class).list()
                .forEach(t -> jdbc.sql("DROP TABLE `" + t + "`").update());
        jdbc.sql("SET FOREIGN_KEY_CHECKS = 1").update();
    }

    @Test
    void importOfDeclaredKeysWritesTheExpectedManifestAndTheStatementsToDropThem() {
        execute(DECLARED);

        ManifestImport.Result result = new ManifestImport(jdbc).read(null);

        assertThat(result.manifest().relationships()).isEqualTo(ManifestLoader.load(EXPECTED, "expected").relationships());
        assertThat(ManifestWriter.write(result.manifest())).isEqualTo(EXPECTED);
        assertThat(result.skipped()).isEmpty();
        assertThat(new ManifestCheck(dataSource).check(result.manifest(), null)).isEmpty();

        result.dropForeignKeys().forEach(statement -> jdbc.sql(statement).update());
        assertThat(new ManifestImport(jdbc).read(null).manifest().relationships()).isEmpty();
        assertThat(new ManifestCheck(dataSource).check(result.manifest(), null)).isEmpty(); // the indexes the keys made stay
    }

    @Test
    void aConstraintWhoseNameIsNotPlainIsImportedButItsDropIsLeftToTheUser() {
        execute("""
                CREATE TABLE customers (id BIGINT PRIMARY KEY);
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
                  CONSTRAINT `fk-orders customer` FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE)
                """);

        ManifestImport.Result result = new ManifestImport(jdbc).read(null);

        assertThat(result.manifest().relationships()).extracting(Relationship::name).containsExactly("orders_customers");
        assertThat(result.dropForeignKeys()).as("names in generated SQL are quoted, never escaped").isEmpty();
        assertThat(result.skipped()).containsExactly("constraint `fk-orders customer` on `orders`: its DROP statement, as its "
                + "name is not a plain identifier (it is imported as 'orders_customers'); drop it by hand");
    }

    @Test
    void checkReportsEachKindOfMismatchNamingTheRelationshipAndTheFix() {
        execute(BROKEN);

        List<Finding> findings = new ManifestCheck(dataSource).check(ManifestLoader.load(BROKEN_MANIFEST, "broken.yml"), null);

        assertThat(findings).extracting(Finding::severity, Finding::subject).containsExactly(
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "relationship 'missing_table'"),
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "relationship 'missing_column'"),
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "relationship 'int_against_bigint'"),
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "relationship 'int_against_bigint'"),
                org.assertj.core.api.Assertions.tuple(Severity.WARNING, "relationship 'not_unique'"),
                org.assertj.core.api.Assertions.tuple(Severity.WARNING, "relationship 'not_unique'"),
                org.assertj.core.api.Assertions.tuple(Severity.WARNING, "relationship 'no_index_no_key'"),
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "relationship 'no_index_no_key'"),
                org.assertj.core.api.Assertions.tuple(Severity.ERROR, "soft-delete table 'customers'"));
        assertThat(findings).extracting(Finding::message).containsExactly(
                "child table `invoices` does not exist in schema `" + namespace.database() + "`; create it, or fix the "
                        + "manifest's 'child'",
                "child column `orders`.`customer_ref` does not exist; add it, or fix the manifest's 'child'",
                "child column `orders`.`customer_id` and parent column `customers`.`id` differ: int against bigint, which "
                        + "InnoDB would refuse for a FOREIGN KEY (and lookups would convert values); make them the same, for "
                        + "instance ALTER TABLE `orders` MODIFY `customer_id` BIGINT NOT NULL",
                "on-delete is set-null, but child column `orders`.`customer_id` is NOT NULL, which InnoDB would refuse; make "
                        + "it nullable (ALTER TABLE `orders` MODIFY `customer_id` INT NULL) or choose another action",
                "parent columns customers(code) are not a primary or unique key, so one child may have several parents and a "
                        + "delete of one of them cascades while others remain; add one: ALTER TABLE `customers` ADD UNIQUE "
                        + "(`code`)",
                "no index leads with the child columns orders(customer_code), so every cascade and sweep scans `orders`; "
                        + "add one: CREATE INDEX `ix_orders_customer_code` ON `orders` (`customer_code`)",
                "no index leads with the child columns events(order_id), so every cascade and sweep scans `events`; add "
                        + "one: CREATE INDEX `ix_events_order_id` ON `events` (`order_id`)",
                "table `events` has no primary key; the cascades and the sweep page through child tables by primary key: "
                        + "ALTER TABLE `events` ADD PRIMARY KEY (...)",
                "column `is_deleted` does not exist; add it (ALTER TABLE `customers` ADD `is_deleted` TINYINT NOT NULL "
                        + "DEFAULT 0) or fix 'soft-delete'");
    }

    @Test
    void theToolsRunAsOneLineCommandsOnTheServicesJar() throws Exception {
        execute(DECLARED);
        Path manifest = files.resolve("relationships.yml");
        Path drops = files.resolve("drop-foreign-keys.sql");

        Run imported = tool("--ricascade.tool=import", "--output=" + manifest, "--drop-statements=" + drops);
        Run checked = tool("--ricascade.tool=check", "--ricascade.manifest=file:" + manifest);
        Run diagram = tool("--ricascade.tool=diagram", "--ricascade.manifest=file:" + manifest);

        assertThat(imported.status).isZero();
        assertThat(ManifestLoader.load(manifest).relationships()).isEqualTo(ManifestLoader.load(EXPECTED, "x").relationships());
        assertThat(Files.readString(drops)).contains("ALTER TABLE `orders` DROP FOREIGN KEY `orders_customer`;",
                "ALTER TABLE `shipments` DROP FOREIGN KEY `shipments_line`;");
        assertThat(checked.status).isZero();
        assertThat(checked.out).endsWith("4 relationship(s), 0 error(s), 0 warning(s)\n");
        assertThat(diagram.out).startsWith("erDiagram\n").contains(
                "    customers ||--o{ orders : \"orders_customer (customer_id → id): on delete cascade, on update restrict\"");

        execute("ALTER TABLE orders DROP FOREIGN KEY orders_customer; ALTER TABLE orders MODIFY customer_id INT NOT NULL");
        Run broken = tool("--ricascade.tool=check", "--ricascade.manifest=file:" + manifest);
        assertThat(broken.status).isEqualTo(1);
        assertThat(broken.out).contains("ERROR relationship 'orders_customer': child column `orders`.`customer_id` and parent "
                + "column `customers`.`id` differ: int against bigint");
    }

    @Test
    void importRefusesToOverwriteAnExistingFileUnlessForced() throws Exception {
        execute(DECLARED);
        Path manifest = Files.writeString(files.resolve("relationships.yml"), "# the repository's manifest\n");
        Path drops = files.resolve("drop-foreign-keys.sql");

        Run refused = tool("--ricascade.tool=import", "--output=" + manifest, "--drop-statements=" + drops);

        assertThat(refused.status).isEqualTo(2);
        assertThat(refused.err).contains(manifest + " exists already; nothing was written. Add --force to overwrite it");
        assertThat(Files.readString(manifest)).isEqualTo("# the repository's manifest\n");
        assertThat(drops).doesNotExist();

        Run diagram = tool("--ricascade.tool=diagram", "--ricascade.manifest=classpath:manifests/shop.yml", "--output=" + manifest);
        assertThat(diagram.status).isEqualTo(2);
        assertThat(Files.readString(manifest)).isEqualTo("# the repository's manifest\n");

        Run forced = tool("--ricascade.tool=import", "--output=" + manifest, "--drop-statements=" + drops, "--force");
        assertThat(forced.status).isZero();
        assertThat(ManifestLoader.load(manifest).relationships()).isEqualTo(ManifestLoader.load(EXPECTED, "x").relationships());
        assertThat(drops).exists();
    }

    @Test
    void importOfASchemaWithoutForeignKeysWritesNothingSaysSoAndExitsWithOne() throws Exception {
        execute(BROKEN); // tables and indexes, no FOREIGN KEY
        Path fresh = files.resolve("relationships.yml");
        Path existing = Files.writeString(files.resolve("existing.yml"), "# the repository's manifest\n");

        Run toNewFile = tool("--ricascade.tool=import", "--output=" + fresh);
        Run forced = tool("--ricascade.tool=import", "--output=" + existing, "--force");
        Run toStandardOutput = tool("--ricascade.tool=import");

        for (Run run : List.of(toNewFile, forced, toStandardOutput)) {
            assertThat(run.status).isEqualTo(1);
            assertThat(run.err).contains("schema " + namespace.database() + " declares no FOREIGN KEY that could be imported; "
                    + "nothing was written");
        }
        assertThat(fresh).doesNotExist();
        assertThat(Files.readString(existing)).isEqualTo("# the repository's manifest\n");
        assertThat(toStandardOutput.out).isEmpty();
    }

    @Test
    void exitStatusesAreTwoForWhatCannotRunAndOneForProblemsFound() throws Exception {
        Run unknownDatabase = toolOn(namespace.jdbcUrl(namespace.database() + "_missing"), "--ricascade.tool=check",
                "--ricascade.manifest=classpath:manifests/shop.yml");
        Run unknownTool = tool("--ricascade.tool=export");
        Run missingManifest = tool("--ricascade.tool=check", "--ricascade.manifest=file:" + files.resolve("none.yml"));
        execute(BROKEN);
        Run problems = tool("--ricascade.tool=check", "--ricascade.manifest=file:"
                + Files.writeString(files.resolve("broken.yml"), BROKEN_MANIFEST));

        assertThat(unknownDatabase.status).isEqualTo(2);
        assertThat(unknownDatabase.err).contains("the database refused", "Unknown database");
        assertThat(unknownTool.status).isEqualTo(2);
        assertThat(missingManifest.status).isEqualTo(2);
        assertThat(missingManifest.err).contains("cannot read the relationship manifest");
        assertThat(problems.status).isEqualTo(1);
    }

    @Test
    void theServiceRefusesToStartWhenTheManifestDoesNotMatchTheDatabase() throws Exception {
        execute(BROKEN);
        Path manifest = Files.writeString(files.resolve("broken.yml"), BROKEN_MANIFEST);

        assertThatThrownBy(() -> new SpringApplicationBuilder(CleanupApplication.class).run(serviceArguments(manifest, "0s")))
                .rootCause().hasMessageContaining("does not match the database")
                .hasMessageContaining("ERROR relationship 'int_against_bigint'")
                .hasMessageContaining("ERROR soft-delete table 'customers'");
    }

    @Test
    void theStartUpCheckWaitsForASchemaThatIsBeingMigratedAsTheServiceStarts() {
        Manifest manifest = ManifestLoader.load("""
                relationships:
                  - {name: b_a, child: b(a_id), parent: a(id), on-delete: cascade}
                """, "small.yml");
        AtomicInteger pauses = new AtomicInteger();
        // the schema's migration finishes while the check waits for the first time
        StartupManifestCheck check = new StartupManifestCheck(dataSource, manifest, new CheckProperties(true, false, Duration.ofMinutes(1)),
                () -> {
                    pauses.incrementAndGet();
                    execute("CREATE TABLE a (id BIGINT PRIMARY KEY); CREATE TABLE b (id BIGINT PRIMARY KEY, a_id BIGINT NULL, "
                            + "KEY (a_id))");
                });

        check.afterPropertiesSet();

        assertThat(pauses).hasValue(1);
        assertThatThrownBy(new StartupManifestCheck(dataSource, ManifestLoader.load(BROKEN_MANIFEST, "broken.yml"),
                new CheckProperties(true, false, Duration.ZERO), pauses::incrementAndGet)::afterPropertiesSet)
                .hasMessageContaining("does not match the database");
        assertThat(pauses).hasValue(1);
    }

    private String[] serviceArguments(Path manifest, String schemaWait) {
        return new String[] {"--spring.datasource.url=" + namespace.jdbcUrl(),
                "--spring.datasource.username=" + namespace.databaseServer().user(),
                "--spring.datasource.password=" + namespace.databaseServer().password(),
                "--spring.rabbitmq.host=" + namespace.broker().host(), "--spring.rabbitmq.port=" + namespace.broker().port(),
                "--spring.rabbitmq.username=" + namespace.broker().user(),
                "--spring.rabbitmq.password=" + namespace.broker().password(),
                "--ricascade.manifest=file:" + manifest, "--ricascade.check.on-startup=true",
                "--ricascade.check.schema-wait=" + schemaWait, "--server.port=0", "--ricascade.sweep.cron=-",
                "--ricascade.queue=" + namespace.queue(), "--ricascade.exchange=" + namespace.exchange()};
    }

    private record Run(int status, String out, String err) {
    }

    private Run tool(String... args) {
        return toolOn(namespace.jdbcUrl(), args);
    }

    private Run toolOn(String jdbcUrl, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--spring.datasource.url=" + jdbcUrl;
        all[args.length + 1] = "--spring.datasource.username=" + namespace.databaseServer().user();
        all[args.length + 2] = "--spring.datasource.password=" + namespace.databaseServer().password();
        int status = ManifestTools.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void execute(String script) {
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                jdbc.sql(statement).update();
            }
        }
    }
}
