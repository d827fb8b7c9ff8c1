package dev.ricascade.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ricascade.testing.TestNamespace;

class SchemaReaderIntegrationTests {

    private static TestNamespace namespace;
    private static Connection connection;
    private final SchemaReader reader = new SchemaReader();

    @BeforeAll
    static void createTables() throws SQLException {
        namespace = TestNamespace.create();
        connection = namespace.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE order_lines (
                        line_no INT UNSIGNED NOT NULL,
                        order_id BIGINT NOT NULL,
                        sku VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
                        note VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
                        price DECIMAL(10,2) NULL,
                        shipped_at DATETIME(3) NULL,
                        PRIMARY KEY (order_id, line_no),
                        UNIQUE KEY by_sku (sku, order_id),
                        KEY by_note (note)
                    ) ENGINE=InnoDB""");
            statement.execute("CREATE TABLE loose (a INT NOT NULL, b INT NULL) ENGINE=InnoDB");
        }
    }

    @AfterAll
    static void dropTables() throws SQLException {
        connection.close();
        namespace.close();
    }

    @Test
    void readsThePrimaryKeyInKeyOrderNotColumnOrder() throws SQLException {
        assertThat(reader.read(connection, "order_lines").primaryKey()).containsExactly("order_id", "line_no");
    }

    @Test
    void readsEveryColumnInTableOrderWithItsTypeNullabilityAndCollation() throws SQLException {
        TableSchema table = reader.read(connection, "order_lines");

        assertThat(table.exists()).isTrue();
        assertThat(table.columns().keySet()).containsExactly("line_no", "order_id", "sku", "note", "price", "shipped_at");
        TableSchema.Column lineNo = table.column("line_no").orElseThrow();
        assertThat(lineNo.dataType()).isEqualToIgnoringCase("int");
        assertThat(lineNo.columnType()).containsIgnoringCase("unsigned");
        assertThat(lineNo.nullable()).isFalse();
        assertThat(lineNo.collation()).isNull();

        TableSchema.Column sku = table.column("sku").orElseThrow();
        assertThat(sku.collation()).isEqualTo("utf8mb4_bin");
        assertThat(sku.characterSet()).isEqualTo("utf8mb4");
        assertThat(sku.characterMaximumLength()).isEqualTo(40L);
        assertThat(table.column("note").orElseThrow().collation()).isEqualTo("utf8mb4_general_ci");
        assertThat(table.column("note").orElseThrow().nullable()).isTrue();

        TableSchema.Column price = table.column("price").orElseThrow();
        assertThat(price.numericPrecision()).isEqualTo(10L);
        assertThat(price.numericScale()).isEqualTo(2L);
        assertThat(price.characterMaximumLength()).isNull();
        assertThat(table.column("shipped_at").orElseThrow().datetimePrecision()).isEqualTo(3L);
    }

    @Test
    void readsUniqueKeysWithThePrimaryKeyButNotPlainIndexes() throws SQLException {
        assertThat(reader.read(connection, "order_lines").uniqueKeys()).containsExactlyInAnyOrder(
                new TableSchema.UniqueKey("PRIMARY", List.of("order_id", "line_no")),
                new TableSchema.UniqueKey("by_sku", List.of("sku", "order_id")));
    }

    @Test
    void readsPlainIndexesTooMarkedAsNotUnique() throws SQLException {
        assertThat(reader.read(connection, "order_lines").indexes()).containsExactlyInAnyOrder(
                new TableSchema.Index("PRIMARY", true, List.of("order_id", "line_no")),
                new TableSchema.Index("by_sku", true, List.of("sku", "order_id")),
                new TableSchema.Index("by_note", false, List.of("note")));
    }

    @Test
    void readsEveryTableOfANamedSchemaAtOnce() throws SQLException {
        var tables = reader.readSchema(connection, namespace.database());

        assertThat(tables.keySet()).containsExactly("loose", "order_lines");
        assertThat(tables.get("order_lines")).isEqualTo(reader.read(connection, "order_lines"));
        assertThat(tables.get("loose").columns().keySet()).containsExactly("a", "b");
    }

    @Test
    void aTableWithoutAPrimaryKeyHasColumnsButNoKeys() throws SQLException {
        TableSchema loose = reader.read(connection, "loose");

        assertThat(loose.exists()).isTrue();
        assertThat(loose.primaryKey()).isEmpty();
        assertThat(loose.uniqueKeys()).isEmpty();
        assertThat(loose.column("b").orElseThrow().nullable()).isTrue();
    }

    @Test
    void aTableThatDoesNotExistIsEmpty() throws SQLException {
        TableSchema missing = reader.read(connection, "no_such_table");

        assertThat(missing.exists()).isFalse();
        assertThat(missing.columns()).isEmpty();
        assertThat(missing.primaryKey()).isEmpty();
    }
}
