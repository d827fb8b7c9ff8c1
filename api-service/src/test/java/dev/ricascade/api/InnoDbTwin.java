package dev.ricascade.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.testing.TestNamespace;

/**
 * The oracle: a database of its own on the same server with the API's schema (its Flyway migrations, as they are
 * on the classpath) and the manifest's relationships declared as real FOREIGN KEYs, so InnoDB cascades, and
 * refuses, what the services do asynchronously. Each operation runs in a transaction; InnoDB's refusals
 * (a FOREIGN KEY, a duplicate key) make it {@link Verdict#REFUSED}, as does finding no row to change.
 */
final class InnoDbTwin implements AutoCloseable {

    /** Errors with which InnoDB refuses a statement, as the API refuses with a 4xx. */
    private static final Set<Integer> REFUSALS = Set.of(
            1062,  // duplicate entry for a unique key
            1451,  // cannot delete or update a parent row: a FOREIGN KEY constraint fails (RESTRICT)
            1452,  // cannot add or update a child row: a FOREIGN KEY constraint fails (no parent)
            1216, 1217, // the older codes of the same two
            1557, 1761, 1762); // a cascade would lead to a duplicate entry in a child table

    private static final String FOREIGN_KEY = """
            ALTER TABLE `%s` ADD CONSTRAINT `%s` FOREIGN KEY (%s) REFERENCES `%s` (%s) ON DELETE %s ON UPDATE %s""";
    private static final String TABLES = """
            SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'
            AND TABLE_NAME NOT LIKE 'ri\\_%' AND TABLE_NAME <> 'flyway_schema_history' ORDER BY TABLE_NAME""";
    private static final String PRIMARY_KEY = """
            SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION""";

    enum Verdict { ACCEPTED, REFUSED }

    /** What an operation does on the twin; returns false when it found no row to act on (the API's 404). */
    @FunctionalInterface
    interface Work {
        boolean run(JdbcClient twin);
    }

    /** The verdict, and InnoDB's reason when it refused. */
    record Outcome(Verdict verdict, String reason) {
    }

    private final String database;
    private final SingleConnectionDataSource source;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    private InnoDbTwin(String database, SingleConnectionDataSource source) {
        this.database = database;
        this.source = source;
        this.jdbc = JdbcClient.create(source);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(source));
    }

    /**
     * Creates {@code <namespace database>_<suffix>} (dropped with the namespace), with the API's schema and the
     * manifest's FOREIGN KEYs.
     */
    static InnoDbTwin create(TestNamespace namespace, String suffix, Manifest manifest) {
        String name = namespace.createDatabase(suffix);
        InnoDbTwin twin = new InnoDbTwin(name, new SingleConnectionDataSource(namespace.jdbcUrl(name),
                namespace.databaseServer().user(), namespace.databaseServer().password(), true));
        twin.migrate();
        for (Relationship r : manifest.relationships()) {
            twin.jdbc.sql(FOREIGN_KEY.formatted(r.child().table(), r.name(), columns(r.child().columns()),
                    r.parent().table(), columns(r.parent().columns()), r.onDelete().sqlName(), r.onUpdate().sqlName()))
                    .update();
        }
        return twin;
    }

    /**
     * Runs the work in one transaction. Commits it only when {@code keep} and InnoDB accepted; otherwise rolls back,
     * so that an operation the API refused leaves the twin as it was whatever InnoDB's verdict.
     */
    Outcome apply(Work work, boolean keep) {
        return transactions.execute(status -> {
            try {
                boolean found = work.run(jdbc);
                if (!found || !keep) {
                    status.setRollbackOnly();
                }
                return found ? new Outcome(Verdict.ACCEPTED, null) : new Outcome(Verdict.REFUSED, "no such row");
            } catch (DataAccessException e) {
                status.setRollbackOnly();
                if (e.getMostSpecificCause() instanceof SQLException sql && REFUSALS.contains(sql.getErrorCode())) {
                    return new Outcome(Verdict.REFUSED, sql.getErrorCode() + " " + sql.getMessage());
                }
                throw e;
            }
        });
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    String database() {
        return database;
    }

    /** The tables to compare: every table of the API's schema, not the services' own {@code ri_*} ones. */
    List<String> tables() {
        return jdbc.sql(TABLES).param(database).query(String.class).list();
    }

    /** A table's rows as text, in primary-key order, the same query on either database. */
    List<String> rows(JdbcClient db, String table) {
        List<String> key = jdbc.sql(PRIMARY_KEY).params(database, table).query(String.class).list();
        return db.sql("SELECT * FROM `" + table + "` ORDER BY " + columns(key)).query((rs, i) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.append(c > 1 ? " | " : "").append(rs.getMetaData().getColumnName(c)).append('=').append(rs.getString(c));
            }
            return row.toString();
        }).list();
    }

    @Override
    public void close() {
        source.destroy();
    }

    private void migrate() {
        try {
            Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql");
            Arrays.sort(scripts, Comparator.comparingInt(InnoDbTwin::version));
            new ResourceDatabasePopulator(scripts).execute(source);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the API's migrations", e);
        }
    }

    private static int version(Resource script) {
        String name = script.getFilename();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static String columns(List<String> columns) {
        return columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }

    /** Rows of one table in one database that the other lacks, each side, for the report. */
    static Map<String, List<String>> difference(List<String> expected, List<String> actual) {
        Map<String, List<String>> difference = new LinkedHashMap<>();
        difference.put("only in InnoDB", expected.stream().filter(r -> !actual.contains(r)).toList());
        difference.put("only in the service's database", actual.stream().filter(r -> !expected.contains(r)).toList());
        return difference;
    }
}
