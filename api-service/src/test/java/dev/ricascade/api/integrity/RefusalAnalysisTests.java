package dev.ricascade.api.integrity;

import static dev.ricascade.manifest.ReferentialAction.CASCADE;
import static dev.ricascade.manifest.ReferentialAction.NO_ACTION;
import static dev.ricascade.manifest.ReferentialAction.RESTRICT;
import static dev.ricascade.manifest.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.TableColumns;

/** Which changes could be refused, from hand-built relationship graphs and NOT NULL columns alone: no database. */
class RefusalAnalysisTests {

    /** Every column nullable. */
    private static final RefusalAnalysis.NotNull NONE_NOT_NULL = (table, column) -> false;

    @Test
    void aDeleteThatOnlyCascadesToLeavesCannotBeRefused() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("orders(customer_id)", "customers(id)", CASCADE, RESTRICT),
                relationship("order_lines(order_id)", "orders(id)", CASCADE, RESTRICT));

        assertThat(analysis.deleteMayBeRefused("customers")).isFalse();
        assertThat(analysis.deleteMayBeRefused("orders")).isFalse();
        assertThat(analysis.deleteMayBeRefused("order_lines")).as("a table no one references").isFalse();
    }

    @Test
    void aRestrictOrNoActionAnywhereBelowACascadeMayRefuseADelete() {
        RefusalAnalysis restrict = analysis(NONE_NOT_NULL,
                relationship("warehouses(region)", "regions(code)", CASCADE, RESTRICT),
                relationship("shelves(warehouse_id)", "warehouses(id)", CASCADE, RESTRICT),
                relationship("bookings(shelf_id)", "shelves(id)", RESTRICT, RESTRICT));
        RefusalAnalysis noAction = analysis(NONE_NOT_NULL,
                relationship("listings(category_id)", "categories(id)", NO_ACTION, RESTRICT));

        assertThat(restrict.deleteMayBeRefused("regions")).isTrue();
        assertThat(restrict.deleteMayBeRefused("shelves")).isTrue();
        assertThat(restrict.deleteMayBeRefused("bookings")).isFalse();
        assertThat(noAction.deleteMayBeRefused("categories")).isTrue();
    }

    @Test
    void aDeleteSettingNullMayBeRefusedOnlyWhenTheColumnIsNotNull() {
        Relationship holds = relationship("holds(shelf_id)", "shelves(id)", SET_NULL, RESTRICT);

        assertThat(analysis(NONE_NOT_NULL, holds).deleteMayBeRefused("shelves")).isFalse();
        assertThat(analysis(notNull("holds.shelf_id"), holds).deleteMayBeRefused("shelves")).isTrue();
        assertThat(analysis(notNull("holds.other"), holds).deleteMayBeRefused("shelves"))
                .as("another column of the child NOT NULL").isFalse();
    }

    @Test
    void aDeleteSettingNullIsAnUpdateThatMayBeRefusedFurtherDown() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("customers(referred_by)", "customers(id)", SET_NULL, RESTRICT),
                relationship("rewards(customer_id)", "partners(id)", CASCADE, RESTRICT),
                relationship("partners(referrer)", "customers(id)", SET_NULL, RESTRICT),
                relationship("payouts(partner_referrer)", "partners(referrer)", RESTRICT, RESTRICT));

        assertThat(analysis.deleteMayBeRefused("customers"))
                .as("nulling partners.referrer meets ON UPDATE RESTRICT of payouts").isTrue();
    }

    @Test
    void aSelfReferencingCascadeEndsTheAnalysis() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("categories(parent_id)", "categories(id)", CASCADE, RESTRICT));

        assertThat(analysis.deleteMayBeRefused("categories")).isFalse();
    }

    @Test
    void aTableReachedByTwoCascadePathsIsAnalysedOnceAndEveryOtherBranchStillCounts() {
        List<Relationship> diamond = List.of(
                relationship("left_side(a_id)", "a(id)", CASCADE, RESTRICT),
                relationship("right_side(a_id)", "a(id)", CASCADE, RESTRICT),
                relationship("d(left_id)", "left_side(id)", CASCADE, RESTRICT),
                relationship("d(right_id)", "right_side(id)", CASCADE, RESTRICT));
        List<Relationship> withRestrict = new ArrayList<>(diamond);
        withRestrict.add(relationship("e(right_id)", "right_side(id)", RESTRICT, RESTRICT));

        assertThat(analysis(NONE_NOT_NULL, diamond.toArray(Relationship[]::new)).deleteMayBeRefused("a")).isFalse();
        assertThat(analysis(NONE_NOT_NULL, withRestrict.toArray(Relationship[]::new)).deleteMayBeRefused("a"))
                .as("the RESTRICT below the second path, after d was seen through the first").isTrue();
    }

    @Test
    void changingColumnsNoRelationshipReferencesCannotBeRefused() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("orders(customer_id)", "customers(id)", CASCADE, RESTRICT));

        assertThat(analysis.updateMayBeRefused("customers", Set.of("name"), false, Set.of("customers"))).isFalse();
        assertThat(analysis.updateMayBeRefused("customers", Set.of("id"), false, Set.of("customers"))).isTrue();
    }

    @Test
    void anOnUpdateCascadeIsFollowedColumnByColumnThroughATwoColumnKey() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("models(brand_code)", "brands(code)", CASCADE, CASCADE),
                relationship("variants(brand_code, model_code)", "models(brand_code, code)", CASCADE, CASCADE),
                relationship("recalls(model_code)", "variants(model_code)", RESTRICT, RESTRICT));

        assertThat(analysis.updateMayBeRefused("brands", Set.of("code"), false, Set.of("brands")))
                .as("brands.code reaches variants.brand_code only, which recalls does not reference").isFalse();
        assertThat(analysis.updateMayBeRefused("models", Set.of("code"), false, Set.of("models")))
                .as("models.code reaches variants.model_code, which recalls references with ON UPDATE RESTRICT").isTrue();
    }

    @Test
    void aCascadedUpdateOfATableTheCascadeAlreadyUpdatesMayBeRefused() {
        RefusalAnalysis analysis = analysis(NONE_NOT_NULL,
                relationship("categories(parent_id)", "categories(id)", CASCADE, CASCADE));

        assertThat(analysis.updateMayBeRefused("categories", Set.of("id"), false, Set.of("categories"))).isTrue();
        assertThat(analysis.updateMayBeRefused("categories", Set.of("name"), false, Set.of("categories"))).isFalse();
    }

    @Test
    void aCascadedNullMayBeRefusedOnlyInANotNullColumn() {
        Relationship models = relationship("models(brand_code)", "brands(code)", CASCADE, CASCADE);

        assertThat(analysis(notNull("models.brand_code"), models)
                .updateMayBeRefused("brands", Set.of("code"), true, Set.of("brands"))).isTrue();
        assertThat(analysis(notNull("models.brand_code"), models)
                .updateMayBeRefused("brands", Set.of("code"), false, Set.of("brands"))).as("a new value, not NULL").isFalse();
        assertThat(analysis(NONE_NOT_NULL, models)
                .updateMayBeRefused("brands", Set.of("code"), true, Set.of("brands"))).isFalse();
    }

    @Test
    void anOnUpdateSetNullNullsEveryColumnOfTheRelationship() {
        Relationship manuals = relationship("manuals(brand_code, model_code)", "models(brand_code, code)", CASCADE, SET_NULL);

        assertThat(analysis(notNull("manuals.brand_code"), manuals)
                .updateMayBeRefused("models", Set.of("code"), false, Set.of("models")))
                .as("changing code nulls brand_code too, which is NOT NULL").isTrue();
        assertThat(analysis(NONE_NOT_NULL, manuals)
                .updateMayBeRefused("models", Set.of("code"), false, Set.of("models"))).isFalse();
    }

    @Test
    void answersAreCachedSoTheSchemaIsAskedOncePerShape() {
        List<String> asked = new ArrayList<>();
        RefusalAnalysis analysis = analysis((table, column) -> {
                    asked.add(table + "." + column);
                    return false;
                },
                relationship("holds(shelf_id)", "shelves(id)", SET_NULL, SET_NULL));

        for (int i = 0; i < 3; i++) {
            assertThat(analysis.deleteMayBeRefused("shelves")).isFalse();
            assertThat(analysis.updateMayBeRefused("shelves", Set.of("id"), false, Set.of("shelves"))).isFalse();
        }
        assertThat(asked).containsExactly("holds.shelf_id", "holds.shelf_id");
        analysis.updateMayBeRefused("shelves", Set.of("id"), false, Set.of("shelves", "elsewhere"));
        assertThat(asked).as("another shape is analysed anew").hasSize(3);
    }

    /** NOT NULL exactly the columns named {@code table.column}. */
    private static RefusalAnalysis.NotNull notNull(String... columns) {
        Set<String> notNull = Set.of(columns);
        return (table, column) -> notNull.contains(table + "." + column);
    }

    private static RefusalAnalysis analysis(RefusalAnalysis.NotNull notNull, Relationship... relationships) {
        return new RefusalAnalysis(new Manifest("test", List.of(relationships)).graph(), notNull);
    }

    /** {@code relationship("orders(customer_id)", "customers(id)", CASCADE, RESTRICT)} */
    private static Relationship relationship(String child, String parent, ReferentialAction onDelete,
                                             ReferentialAction onUpdate) {
        TableColumns childSide = tableColumns(child);
        return new Relationship(childSide.table() + "_" + String.join("_", childSide.columns()), childSide,
                tableColumns(parent), onDelete, onUpdate);
    }

    private static TableColumns tableColumns(String text) {
        int open = text.indexOf('(');
        List<String> columns = List.of(text.substring(open + 1, text.length() - 1).split(",")).stream()
                .map(String::strip).toList();
        return new TableColumns(text.substring(0, open), columns);
    }
}
