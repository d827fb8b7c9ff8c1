package dev.ricascade.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;
import dev.ricascade.testing.TestNamespace;

/**
 * The generic checks on a schema of their own that exercises what the shop's does not: a RESTRICT deep
 * below CASCADE, a self-referencing tree, a two-column key, NULL child columns, ON UPDATE RESTRICT, SET NULL
 * on a NOT NULL column, key changes that cascade through natural keys, a self-referencing ON UPDATE CASCADE.
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
                on-update: cascade
              - name: listings_category
                child: listings(category_id)
                parent: categories(id)
                on-delete: no-action
              - name: holds_shelf
                child: holds(shelf_id)
                parent: shelves(id)
                on-delete: set-null
              - name: models_brand
                child: models(brand_code)
                parent: brands(code)
                on-delete: cascade
                on-update: cascade
              - name: variants_model
                child: variants(brand_code, model_code)
                parent: models(brand_code, code)
                on-delete: cascade
                on-update: cascade
              - name: recalls_model
                child: recalls(brand_code, model_code)
                parent: models(brand_code, code)
                on-delete: set-null
                on-update: restrict
              - name: manuals_model
                child: manuals(brand_code, model_code)
                parent: models(brand_code, code)
                on-delete: cascade
                on-update: set-null
            """;

    /** Parents before children. */
    private static final List<String> TABLES = List.of(
            "regions (code VARCHAR(8) NOT NULL, country CHAR(2) NOT NULL, PRIMARY KEY (code, country))",
            "warehouses (id BIGINT PRIMARY KEY, region_code VARCHAR(8) NULL, region_country CHAR(2) NULL, "
                    + "KEY (region_code, region_country))",
            "shelves (id BIGINT PRIMARY KEY, warehouse_id BIGINT NOT NULL, KEY (warehouse_id))",
            "bookings (id BIGINT PRIMARY KEY, shelf_id BIGINT NOT NULL, KEY (shelf_id))",
            "categories (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, KEY (parent_id))",
            "listings (id BIGINT PRIMARY KEY, category_id BIGINT NOT NULL, KEY (category_id))",
            "holds (id BIGINT PRIMARY KEY, shelf_id BIGINT NOT NULL, KEY (shelf_id))",
            "brands (code VARCHAR(8) PRIMARY KEY)",
            "models (brand_code VARCHAR(8) NOT NULL, code VARCHAR(8) NOT NULL, PRIMARY KEY (brand_code, code))",
            "variants (id BIGINT PRIMARY KEY, brand_code VARCHAR(8) NOT NULL, model_code VARCHAR(8) NOT NULL, "
                    + "KEY (brand_code, model_code))",
            "recalls (id BIGINT PRIMARY KEY, brand_code VARCHAR(8) NULL, model_code VARCHAR(8) NULL, "
                    + "KEY (brand_code, model_code))",
            "manuals (id BIGINT PRIMARY KEY, brand_code VARCHAR(8) NOT NULL, model_code VARCHAR(8) NOT NULL, "
                    + "KEY (brand_code, model_code))");
    private static final List<String> CHILDREN_FIRST = List.of("bookings", "holds", "shelves", "warehouses", "regions",
            "listings", "categories", "variants", "recalls", "manuals", "models", "brands");
    /** SET NULL on a NOT NULL column, which InnoDB cannot declare: not in the constrained copy. */
    private static final Set<String> NOT_DECLARABLE = Set.of("holds_shelf", "manuals_model");

    private static TestNamespace namespace;
    private static JdbcClient jdbc;
    private static TransactionTemplate transaction;
    private static ReferenceGuard guard;
    /** The same tables with the relationships declared as FOREIGN KEYs: the oracle. */
    private static JdbcClient constrained;
    private static TransactionTemplate constrainedTransaction;

    @BeforeAll
    static void schema() {
        namespace = TestNamespace.create();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(namespace.jdbcUrl(),
                namespace.databaseServer().user(), namespace.databaseServer().password());
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Manifest manifest = ManifestLoader.load(MANIFEST, "test manifest");
        LiveTables tables = new LiveTables(dataSource);
        guard = new ReferenceGuard(jdbc, manifest.graph(), new NotNullColumns(tables),
                new LiveRows(jdbc, manifest.graph(), new TableKeys(tables)));
        DriverManagerDataSource constrainedSource = new DriverManagerDataSource(
                namespace.jdbcUrl(namespace.createDatabase("constrained")),
                namespace.databaseServer().user(), namespace.databaseServer().password());
        constrained = JdbcClient.create(constrainedSource);
        constrainedTransaction = new TransactionTemplate(new DataSourceTransactionManager(constrainedSource));
        for (String table : TABLES) {
            jdbc.sql("CREATE TABLE " + table).update();
            constrained.sql("CREATE TABLE " + table).update();
        }
        for (Relationship relationship : manifest.relationships()) {
            if (!NOT_DECLARABLE.contains(relationship.name())) {
                constrained.sql("ALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s".formatted(
                        SqlText.quote(relationship.child().table()), SqlText.columnList(relationship.child().columns()),
                        SqlText.quote(relationship.parent().table()), SqlText.columnList(relationship.parent().columns()),
                        relationship.onDelete().sqlName(), relationship.onUpdate().sqlName())).update();
            }
        }
    }

    @AfterAll
    static void drop() {
        namespace.close();
    }

    @BeforeEach
    void rows() {
        for (JdbcClient database : List.of(jdbc, constrained)) {
            CHILDREN_FIRST.forEach(table -> database.sql("DELETE FROM " + table).update());
            for (String rows : List.of("regions VALUES ('north', 'DE'), ('north', 'FR')",
                    "warehouses VALUES (1, 'north', 'DE'), (2, NULL, NULL)",
                    "shelves VALUES (10, 1), (20, 2)",
                    "categories VALUES (1, NULL), (2, 1), (3, 2), (4, NULL)",
                    "brands VALUES ('acme'), ('bolt')",
                    "models VALUES ('acme', 'x1'), ('acme', 'x2'), ('bolt', 'x1')",
                    "variants VALUES (1, 'acme', 'x1'), (2, 'acme', 'x2'), (3, 'bolt', 'x1')")) {
                database.sql("INSERT INTO " + rows).update();
            }
        }
    }

    @Test
    void aDeleteIsRefusedWhenARestrictRelationshipIsReferencedDeepInTheSubtreeItWouldCascadeTo() {
        jdbc.sql("INSERT INTO bookings VALUES (100, 10)").update();

        assertRefused(() -> guard.requireDeletable("regions", row("code", "north", "country", "DE")), "bookings_shelf", 1)
                .hasMessageContaining("bookings").hasMessageContaining("shelves(id) = [10]");
        assertAllowed(() -> guard.requireDeletable("regions", row("code", "north", "country", "FR")));
    }

    @Test
    void aTreeIsRefusedWhenANoActionRelationshipReferencesADescendantAndAllowedOtherwise() {
        assertAllowed(() -> guard.requireDeletable("categories", row("id", 1L)));

        jdbc.sql("INSERT INTO listings VALUES (7, 3)").update();

        assertThatThrownBy(() -> inTransaction(() -> guard.requireDeletable("categories", row("id", 1L))))
                .isInstanceOf(RestrictedException.class).hasMessageContaining("listings_category");
        assertAllowed(() -> guard.requireDeletable("categories", row("id", 4L)));
    }

    @Test
    void aChildOfARowWhoseCascadeAncestorIsGoneHasNoLiveParent() {
        assertAllowed(() -> guard.requireLiveParents("shelves", row("warehouse_id", 1L)));

        jdbc.sql("DELETE FROM regions WHERE code = 'north' AND country = 'DE'").update();

        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 1L))))
                .isInstanceOf(MissingParentException.class)
                .hasMessageContaining("is being deleted").hasMessageContaining("warehouses_region");
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("bookings", row("shelf_id", 10L))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("bookings_shelf");
        // a warehouse without a region (NULL columns reference nothing) is live
        assertAllowed(() -> guard.requireLiveParents("shelves", row("warehouse_id", 2L)));
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("shelves", row("warehouse_id", 99L))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("and there is none");
    }

    @Test
    void rePointingAChildChecksOnlyTheRelationshipsWhoseColumnsChange() {
        Map<String, Object> toMissingRegion = row("id", 1L, "region_code", "south", "region_country", "DE");
        assertThatThrownBy(() -> inTransaction(() -> guard.requireLiveParents("warehouses", toMissingRegion,
                Set.of("region_code"))))
                .isInstanceOf(MissingParentException.class).hasMessageContaining("warehouses_region");
        assertAllowed(() -> guard.requireLiveParents("warehouses", toMissingRegion, Set.of("id")));
        assertAllowed(() -> guard.requireLiveParents("warehouses",
                row("id", 1L, "region_code", "north", "region_country", "FR"), Set.of("region_country")));
    }

    @Test
    void changingAReferencedKeyIsRefusedByOnUpdateRestrict() {
        assertThatThrownBy(() -> inTransaction(() -> guard.requireUpdatable("regions",
                row("code", "north", "country", "DE"), row("code", "south"))))
                .isInstanceOf(RestrictedException.class).hasMessageContaining("warehouses_region")
                .hasMessageContaining("on update restrict");
        assertAllowed(() -> guard.requireUpdatable("regions",
                row("code", "north", "country", "FR"), row("code", "south")));
    }

    @Test
    void aDeleteIsRefusedWhenItsSetNullWouldWriteNullIntoANotNullColumnEvenDeepBelowCascade() {
        jdbc.sql("INSERT INTO holds VALUES (500, 10), (501, 10)").update();

        assertRefused(() -> guard.requireDeletable("shelves", row("id", 10L)), "holds_shelf", 2)
                .isInstanceOfSatisfying(NotNullColumnException.class, e -> assertThat(e.column()).isEqualTo("shelf_id"))
                .hasMessageContaining("NOT NULL column holds.shelf_id").hasMessageContaining("on delete set-null");
        // two CASCADE levels up: regions -> warehouses -> shelves
        assertRefused(() -> guard.requireDeletable("regions", row("code", "north", "country", "DE")), "holds_shelf", 2)
                .isInstanceOf(NotNullColumnException.class)
                .hasMessageStartingWith("Deleting regions").hasMessageContaining("shelves(id) = [10]");
        assertAllowed(() -> guard.requireDeletable("shelves", row("id", 20L)));
    }

    @Test
    void aSetNullIntoNullableColumnsIsAllowed() {
        jdbc.sql("INSERT INTO recalls VALUES (1, 'acme', 'x1')").update();

        assertAllowed(() -> guard.requireDeletable("models", row("brand_code", "acme", "code", "x1")));
        assertAllowed(() -> guard.requireDeletable("brands", row("code", "acme")));
    }

    @Test
    void aKeyChangeIsRefusedWhenItsOnUpdateSetNullWouldWriteNullIntoANotNullColumn() {
        jdbc.sql("INSERT INTO manuals VALUES (1, 'acme', 'x2')").update();

        assertRefused(() -> guard.requireUpdatable("models", row("brand_code", "acme", "code", "x2"), row("code", "x3")),
                "manuals_model", 1)
                .isInstanceOfSatisfying(NotNullColumnException.class, e -> assertThat(e.column()).isEqualTo("brand_code"))
                .hasMessageContaining("on update set-null");
        assertAllowed(() -> guard.requireUpdatable("models",
                row("brand_code", "acme", "code", "x1"), row("code", "x3")));
    }

    @Test
    void aKeyChangeFollowsOnUpdateCascadeAndIsRefusedByARestrictBelowIt() {
        assertAllowed(() -> guard.requireUpdatable("brands", row("code", "acme"), row("code", "apex")));

        jdbc.sql("INSERT INTO recalls VALUES (1, 'acme', 'x2')").update();

        // brands(code) cascades into models(brand_code), which recalls_model references ON UPDATE RESTRICT
        assertRefused(() -> guard.requireUpdatable("brands", row("code", "acme"), row("code", "apex")), "recalls_model", 1)
                .hasMessageContaining("models(brand_code, code) = [acme, x2]").hasMessageContaining("on update restrict");
        assertAllowed(() -> guard.requireUpdatable("brands", row("code", "bolt"), row("code", "volt")));
        // the same value is no change
        assertAllowed(() -> guard.requireUpdatable("brands", row("code", "acme"), row("code", "acme")));
    }

    @Test
    void aKeyChangeFollowsOnUpdateCascadeToASetNullIntoANotNullColumn() {
        jdbc.sql("INSERT INTO manuals VALUES (1, 'bolt', 'x1')").update();

        assertRefused(() -> guard.requireUpdatable("brands", row("code", "bolt"), row("code", "volt")), "manuals_model", 1)
                .isInstanceOf(NotNullColumnException.class).hasMessageStartingWith("Changing brands");
        assertAllowed(() -> guard.requireUpdatable("brands", row("code", "acme"), row("code", "apex")));
    }

    @Test
    void aSelfReferencingOnUpdateCascadeIsRefusedWhereItHasRowsToUpdateAsInnoDBRefusesIt() {
        assertRefused(() -> guard.requireUpdatable("categories", row("id", 2L), row("id", 20L)), "categories_parent", 1)
                .hasMessageContaining("again within a cascade");
        // a leaf has no rows to update, so InnoDB lets its key change
        assertAllowed(() -> guard.requireUpdatable("categories", row("id", 3L), row("id", 30L)));
    }

    /**
     * InnoDB is the oracle: with the relationships declared as FOREIGN KEYs, it refuses exactly the deletes and
     * key changes that the guard refuses, in each of a few data states. (The tables whose SET NULL InnoDB cannot
     * declare stay empty here; the tests above cover them.)
     */
    @Test
    void theGuardRefusesExactlyWhatInnoDBRefusesWithTheConstraintsDeclared() {
        List<Change> changes = List.of(
                new Change("regions", row("code", "north", "country", "DE"), null),
                new Change("regions", row("code", "north", "country", "FR"), null),
                new Change("regions", row("code", "north", "country", "DE"), row("code", "south")),
                new Change("warehouses", row("id", 1L), row("id", 5L)),
                new Change("shelves", row("id", 10L), null),
                new Change("shelves", row("id", 10L), row("id", 11L)),
                new Change("categories", row("id", 1L), null),
                new Change("categories", row("id", 4L), null),
                new Change("categories", row("id", 2L), row("id", 20L)),
                new Change("categories", row("id", 3L), row("id", 30L)),
                new Change("brands", row("code", "acme"), null),
                new Change("brands", row("code", "acme"), row("code", "apex")),
                new Change("brands", row("code", "bolt"), row("code", "volt")),
                new Change("models", row("brand_code", "acme", "code", "x1"), null),
                new Change("models", row("brand_code", "acme", "code", "x2"), row("code", "x3")));
        SoftAssertions softly = new SoftAssertions();
        int refusals = 0;
        for (String state : List.of("", "bookings VALUES (100, 10)", "listings VALUES (7, 3)",
                "recalls VALUES (1, 'acme', 'x2')")) {
            rows();
            for (JdbcClient database : state.isEmpty() ? List.<JdbcClient>of() : List.of(jdbc, constrained)) {
                database.sql("INSERT INTO " + state).update();
            }
            for (Change change : changes) {
                boolean refused = guardRefuses(change);
                softly.assertThat(refused).as("guard refuses %s with the base rows%s", change,
                        state.isEmpty() ? "" : " and " + state).isEqualTo(innoDbRefuses(change));
                refusals += refused ? 1 : 0;
            }
        }
        softly.assertAll();
        assertThat(refusals).as("refusals among the cases compared").isGreaterThanOrEqualTo(10);
    }

    /** A delete (changes null) or a change of columns of the row with this primary key. */
    private record Change(String table, Map<String, Object> key, Map<String, Object> changes) {

        String sql() {
            List<String> keyColumns = List.copyOf(key.keySet());
            return changes == null
                    ? "DELETE FROM %s WHERE %s".formatted(SqlText.quote(table), SqlText.matching(keyColumns))
                    : "UPDATE %s SET %s WHERE %s".formatted(SqlText.quote(table),
                            SqlText.assignments(List.copyOf(changes.keySet())), SqlText.matching(keyColumns));
        }

        /** The values for {@link #sql}'s placeholders: the SET's (if any), then the key's. */
        List<Object> params() {
            List<Object> params = new ArrayList<>(changes == null ? List.of() : changes.values());
            params.addAll(key.values());
            return params;
        }

        @Override
        public String toString() {
            return changes == null ? "deleting " + table + " " + key : "changing " + table + " " + key + " to " + changes;
        }
    }

    private static boolean guardRefuses(Change change) {
        try {
            inTransaction(() -> {
                if (change.changes() == null) {
                    guard.requireDeletable(change.table(), change.key());
                } else {
                    guard.requireUpdatable(change.table(), change.key(), change.changes());
                }
            });
            return false;
        } catch (RestrictedException e) {
            return true;
        }
    }

    private static boolean innoDbRefuses(Change change) {
        try {
            constrainedTransaction.executeWithoutResult(status -> {
                constrained.sql(change.sql()).params(change.params()).update();
                status.setRollbackOnly();
            });
            return false;
        } catch (DataIntegrityViolationException e) {
            return true;
        }
    }

    /** The check, run in a transaction, is refused by the relationship with that many blocking rows. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Runnable check, String relationship,
                                                                                long blockingRows) {
        return assertThatThrownBy(() -> inTransaction(check))
                .isInstanceOfSatisfying(RestrictedException.class, e -> {
                    assertThat(e.relationship().name()).isEqualTo(relationship);
                    assertThat(e.blockingRows()).isEqualTo(blockingRows);
                });
    }

    private static void assertAllowed(Runnable check) {
        assertThatCode(() -> inTransaction(check)).doesNotThrowAnyException();
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
