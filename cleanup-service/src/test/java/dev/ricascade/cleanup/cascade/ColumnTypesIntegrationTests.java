package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.cleanup.schema.ColumnType;
import dev.ricascade.cleanup.schema.SchemaCatalog;

/** The column facts read from the live schema, and what they let an event's value be. */
class ColumnTypesIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private SchemaCatalog catalog;

    @Test
    void theCatalogReadsSignPrecisionAndLengthSoValuesAreJudgedByWhatTheColumnHolds() {
        sql("""
                CREATE TABLE gauges (id INT UNSIGNED PRIMARY KEY, level TINYINT NOT NULL, price DECIMAL(5,2) NOT NULL,
                    code VARCHAR(3) NOT NULL, raw VARBINARY(4) NULL, day DATE NULL, at DATETIME(3) NULL)
                """);

        Map<String, ColumnType> columns = catalog.columns("gauges");

        assertThat(columns).containsOnlyKeys("id", "level", "price", "code", "raw", "day", "at");
        assertThat(columns.get("id")).hasToString("int unsigned");
        assertThat(columns.get("price")).hasToString("decimal(5,2)");
        assertThat(columns.get("code")).hasToString("varchar(3)");
        assertThat(columns.get("at").datetimePrecision()).isEqualTo(3);
        assertThat(catalog.columnTypes("gauges")).containsEntry("id", "int").containsEntry("code", "varchar");

        assertThat(ValueTypes.problem(4294967295L, columns.get("id"))).isNull();
        assertThat(ValueTypes.problem(4294967296L, columns.get("id"))).contains("out of range (0 to 4294967295)");
        assertThat(ValueTypes.problem(-1L, columns.get("id"))).contains("out of range");
        assertThat(ValueTypes.problem(128L, columns.get("level"))).contains("out of range (-128 to 127)");
        assertThat(ValueTypes.problem(new BigDecimal("999.99"), columns.get("price"))).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("1e999999999"), columns.get("price"))).contains("before the decimal point");
        assertThat(ValueTypes.problem("abcd", columns.get("code"))).contains("has 4 characters; at most 3 fit");
        assertThat(ValueTypes.problem("abcde", columns.get("raw"))).contains("has 5 bytes; at most 4 fit");
        assertThat(ValueTypes.problem("2024-02-30", columns.get("day"))).contains("is not a date");
        assertThat(ValueTypes.problem("2024-02-29 12:00:00.1234", columns.get("at"))).contains("fractional second digits");
    }
}
