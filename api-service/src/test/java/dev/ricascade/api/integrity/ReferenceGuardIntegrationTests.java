package dev.ricascade.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.testing.TestNamespace;

/**
 * The generic checks on a schema of their own that exercises what the shop's does not: a RESTRICT deep
 * below CASCADE, a self-referencing tree, a two-column key, NULL child columns, ON UPDATE RESTRICT.
 */
class ReferenceGuardIntegrationTests {

    private static final String MANIFEST = """
            relationships:
              - name: warehouses_region
                child: warehouses(region_code, region_country)
                parent: regions(code, country)
                on-delete: cascade
              - name: shelves_warehouse
                child: shelves(warehouse_id)
                parent: warehouses(id)
                on-delete: cascade
              - name: bookings_shelf
                child: bookings(shelf_id)
                parent: shelves(id)
                on-delete: restrict
              - name: categories_parent
                child: categories(parent_id)
                parent: categories(id)
                on-delete: cascade
              - name: listings_category
                child: listings(category_id)
                parent: categories(id)
                on-delete: no-action
            """;

    private static TestNamespace namespace;
    private static JdbcClient jdbc;
    private static TransactionTemplate transaction;
    private static ReferenceGuard guard;

    @BeforeAll
    static void schema() {
        namespace = TestNamespace.create();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(namespace.jdbcUrl(),
                namespace.databaseServer().user(), namespace.databaseServer().password());
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        guard = new ReferenceGuard(jdbc, ManifestLoader.load(MANIFEST, "test manifest").graph());
        for (String table : new String[] {
                "regions (code VARCHAR(8) NOT NULL, country CHAR(2) NOT NULL, PRIMARY KEY (code, country))",
                "warehouses (id BIGINT PRIMARY KEY, region_code VARCHAR(8) NULL, region_country CHAR(2) NULL, "
                        + "KEY (region_code, region_country))",
                "shelves (id BIGINT PRIMARY KEY, warehouse_id BIGINT NOT NULL, KEY (warehouse_id))",
                "bookings (id BIGINT PRIMARY KEY, shelf_id BIGINT NOT NULL, KEY (shelf_id))",
                "categories (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, KEY (parent_id))",
                "listings (id BIGINT PRIMARY KEY, category_id BIGINT NOT NULL, KEY (category_id))"}) {
            jdbc.sql("CREATE TABLE " + table).update();
        }
    }

    @AfterAll
    static void drop() {
        namespace.close();
    }

    @BeforeEach
    void rows() {
        for (String table : new String[] {"regions", "warehouses", "shelves", "bookings", "categories", "listings"}) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        jdbc.sql("INSERT INTO regions VALUES ('north', 'DE'), ('north', 'FR')").update();
        jdbc.sql("INSERT INTO warehouses VALUES (1, 'north', 'DE'), (2, NULL, NULL)").update();
        jdbc.sql("INSERT INTO shelves VALUES (10, 1), (20, 2)").update();
        jdbc.sql("INSERT INTO categories VALUES (1, NULL), (2, 1), (3, 2), (4, NULL)").update();
    }

    @Test
    void aDeleteIsRefusedWhenARestrictRelationshipIsReferencedDeepInTheSubtreeItWouldCascadeTo() {
        jdbc.sql("INSERT INTO bookings VALUES (100, 10)").update();

        assertThatThrownBy(() -> inTransaction(() -> guard.requireDeletable("regions", row("code", "north", "country", "DE"))))
                .isInstanceOfSatisfying(RestrictedException.class, e -> {
                    assertThat(e.relationship().name()).isEqualTo("bookings_shelf");
                    assertThat(e.blockingRows()).isEqualTo(1);
                })
                .hasMessageContaining("bookings").hasMessageContaining("shelves(id) = [10]");
        assertThatCode(() -> inTransaction(() -> guard.requireDeletable("regions", row("code", "north", "country", "FR"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aTreeIsRefusedWhenANoActionRelationshipReferencesADescendantAndAllowedOtherwise() {
        assertThatCode(() -> inTransaction(() -> guard.requireDeletable("categories", row("id", 1L))))
                .doesNotThrowAnyException();

        jdbc.sql("INSERT INTO listings VALUES (7, 3)").update();

        assertThatThrownBy(() -> inTransaction(() -> guard.requireDeletable("categories", row("id", 1L))))
                .isInstanceOf(RestrictedException.class).hasMessageContaining("listings_category");
        assertThatCode(() -> inTransaction(() -> guard.requireDeletable("categories", row("id", 4L))))
                .doesNotThrowAnyException();
    }

    @Test
    void aChildOfARowWhoseCascadeAncestorIsGoneHasNoLiveParent() {
        assertThatCode(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 1L))))
                .doesNotThrowAnyException();

        jdbc.sql("DELETE FROM regions WHERE code = 'north' AND country = 'DE'").update();

        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 1L))))
                .isInstanceOf(MissingParentException.class)
                .hasMessageContaining("is being deleted").hasMessageContaining("warehouses_region");
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("bookings", row("shelf_id", 10L))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("bookings_shelf");
        // a warehouse without a region (NULL columns reference nothing) is live
        assertThatCode(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 2L))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 99L))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("and there is none");
    }

    @Test
    void rePointingAChildChecksOnlyTheRelationshipsWhoseColumnsChange() {
        Map<String, Object> toMissingRegion = row("id", 1L, "region_code", "south", "region_country", "DE");
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("warehouses", toMissingRegion,
                Set.of("region_code"))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("warehouses_region");
        assertThatCode(() -> inTransaction(() -> guard.requireLiveParents("warehouses", toMissingRegion,
                Set.of("id")))).doesNotThrowAnyException();
        assertThatCode(() -> inTransaction(() -> guard.requireLiveParents("warehouses",
                row("id", 1L, "region_code", "north", "region_country", "FR"), Set.of("region_country"))))
                .doesNotThrowAnyException();
    }

    @Test
    void changingAReferencedKeyIsRefusedByOnUpdateRestrict() {
        assertThatThrownBy(() -> inTransaction(() -> guard.requireUpdatable("regions",
                row("code", "north", "country", "DE"), row("code", "south"))))
                .isInstanceOf(RestrictedException.class).hasMessageContaining("warehouses_region")
                .hasMessageContaining("on update restrict");
        assertThatCode(() -> inTransaction(() -> guard.requireUpdatable("regions",
                row("code", "north", "country", "FR"), row("code", "south"))))
                .doesNotThrowAnyException();
    }

    private static void inTransaction(Runnable check) {
        transaction.executeWithoutResult(status -> check.run());
    }

    private static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }
}
