package dev.ricascade.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTextTests {

    @Test
    void quotesEveryNameAndQualifiesItWithTheAliasWhenThereIsOne() {
        assertThat(SqlText.quote("order_lines")).isEqualTo("`order_lines`");
        assertThat(SqlText.column("", "id")).isEqualTo("`id`");
        assertThat(SqlText.column("c", "id")).isEqualTo("c.`id`");
        assertThat(SqlText.columnList(List.of("order_id", "item_id"))).isEqualTo("`order_id`, `item_id`");
        assertThat(SqlText.columnList("o", List.of("order_id", "item_id"))).isEqualTo("o.`order_id`, o.`item_id`");
    }

    @Test
    void givesEachValueAPositionalPlaceholderInColumnOrder() {
        assertThat(SqlText.matching(List.of("code", "country"))).isEqualTo("`code` = ? AND `country` = ?");
        assertThat(SqlText.matching("r", List.of("code", "country"))).isEqualTo("r.`code` = ? AND r.`country` = ?");
        assertThat(SqlText.assignments(List.of("email", "name"))).isEqualTo("`email` = ?, `name` = ?");
        assertThat(SqlText.placeholders(3)).isEqualTo("?, ?, ?");
    }

    @Test
    void writesNullAsALiteralAndEverythingElseAsAPlaceholder() {
        assertThat(SqlText.assignments(List.of("a", "b"), Arrays.asList(null, 5))).isEqualTo("`a` = NULL, `b` = ?");
    }

    @Test
    void matchesOneColumnOrATupleAgainstEveryValue() {
        assertThat(SqlText.in(List.of("id"), 3)).isEqualTo("`id` IN (?, ?, ?)");
        assertThat(SqlText.in(List.of("a", "b"), 2)).isEqualTo("(`a`, `b`) IN ((?, ?), (?, ?))");
        assertThat(SqlText.in("p", List.of("a", "b"), 2)).isEqualTo("(p.`a`, p.`b`) IN ((?, ?), (?, ?))");
        assertThat(SqlText.flatten(List.of(List.of(1, 2), List.of(3, 4)))).containsExactly(1, 2, 3, 4);
    }

    @Test
    void namesWhichOfSeveralValuesARowMatches() {
        assertThat(SqlText.matchIndex(List.of("a"), 2)).isEqualTo("CASE `a` WHEN ? THEN 0 WHEN ? THEN 1 END");
        assertThat(SqlText.matchIndex(List.of("a", "b"), 2))
                .isEqualTo("CASE WHEN `a` = ? AND `b` = ? THEN 0 WHEN `a` = ? AND `b` = ? THEN 1 END");
    }

    @Test
    void spellsOutAKeysetPositionSoThatIndexesServeIt() {
        assertThat(SqlText.after(List.of("a", "b", "c")))
                .isEqualTo("((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
        assertThat(SqlText.after("c", List.of("a", "b"))).isEqualTo("((c.`a` > ?) OR (c.`a` = ? AND c.`b` > ?))");
        assertThat(SqlText.afterParams(List.of(1, 2, 3))).containsExactly(1, 1, 2, 1, 2, 3);
    }

    @Test
    void pairsColumnsForAJoinInListOrder() {
        assertThat(SqlText.joining("p", List.of("x", "y"), "c", List.of("a", "b"))).isEqualTo("p.`x` = c.`a` AND p.`y` = c.`b`");
        assertThat(SqlText.allNotNull("c", List.of("a", "b"))).isEqualTo("c.`a` IS NOT NULL AND c.`b` IS NOT NULL");
    }

    @Test
    void refusesAnIdentifierThatSlippedPastValidationRatherThanEscapingIt() {
        for (String name : List.of("a`b", "a b", "x; DROP TABLE y", "", "1abc")) {
            assertThatThrownBy(() -> SqlText.quote(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain SQL identifier");
            assertThatThrownBy(() -> SqlText.columnList("c", List.of("id", name))).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
