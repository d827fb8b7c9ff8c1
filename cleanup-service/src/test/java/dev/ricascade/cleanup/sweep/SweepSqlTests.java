package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class SweepSqlTests {

    @Test
    void keysetPositionSpellsOutRowComparisonForEveryKeyColumn() {
        assertThat(SweepSql.after("c", List.of("a", "b"))).isEqualTo("((c.`a` > ?) OR (c.`a` = ? AND c.`b` > ?))");
        assertThat(SweepSql.afterParams(List.of(1, 2))).containsExactly(1, 1, 2);
        assertThat(SweepSql.after("", List.of("id"))).isEqualTo("((`id` > ?))");
    }

    @Test
    void inListsUseRowConstructorsOnlyForCompositeKeys() {
        assertThat(SweepSql.in("", List.of("id"), 3)).isEqualTo("`id` IN (?, ?, ?)");
        assertThat(SweepSql.in("p", List.of("a", "b"), 2)).isEqualTo("(p.`a`, p.`b`) IN ((?, ?), (?, ?))");
    }

    @Test
    void exclusionJoinConditionPairsColumnsInManifestOrder() {
        assertThat(SweepSql.matching("p", List.of("x", "y"), "c", List.of("a", "b"))).isEqualTo("p.`x` = c.`a` AND p.`y` = c.`b`");
        assertThat(SweepSql.allNotNull("c", List.of("a", "b"))).isEqualTo("c.`a` IS NOT NULL AND c.`b` IS NOT NULL");
    }

    @Test
    void valuesCompareAsTheServerComparesThem() {
        assertThat(KeyValues.canonical(7)).isEqualTo(KeyValues.canonical(7L)).isEqualTo(KeyValues.canonical(new BigDecimal("7.00")));
        assertThat(KeyValues.canonical(0)).isEqualTo(KeyValues.canonical("0")).isEqualTo(KeyValues.canonical(BigDecimal.ZERO));
        assertThat(KeyValues.canonical(null)).isNotEqualTo(KeyValues.canonical("null"));
        assertThat(KeyValues.loose("Émile  ")).isEqualTo(KeyValues.loose("emile"));
        assertThat(KeyValues.digest(List.of(1, "a"))).isEqualTo(KeyValues.digest(List.of(1L, "a"))).hasSize(64)
                .isNotEqualTo(KeyValues.digest(List.of("1a")));
    }
}
