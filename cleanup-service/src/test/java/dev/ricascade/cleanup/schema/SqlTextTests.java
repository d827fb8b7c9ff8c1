package dev.ricascade.cleanup.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTextTests {

    @Test
    void matchesOneColumnOrATupleAgainstEveryValue() {
        assertThat(SqlText.in(List.of("id"), 3)).isEqualTo("`id` IN (?, ?, ?)");
        assertThat(SqlText.in(List.of("a", "b"), 2)).isEqualTo("(`a`, `b`) IN ((?, ?), (?, ?))");
        assertThat(SqlText.in("p", List.of("a", "b"), 2)).isEqualTo("(p.`a`, p.`b`) IN ((?, ?), (?, ?))");
    }

    @Test
    void spellsOutAKeysetPositionSoThatIndexesServeIt() {
        assertThat(SqlText.after(List.of("a", "b", "c")))
                .isEqualTo("((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
        assertThat(SqlText.after("c", List.of("a", "b"))).isEqualTo("((c.`a` > ?) OR (c.`a` = ? AND c.`b` > ?))");
        assertThat(SqlText.afterParams(List.of(1, 2, 3))).containsExactly(1, 1, 2, 1, 2, 3);
    }

    @Test
    void writesNullAsALiteralAndEverythingElseAsAPlaceholder() {
        assertThat(SqlText.assign(List.of("a", "b"), Arrays.asList(null, 5))).isEqualTo("`a` = NULL, `b` = ?");
    }

    @Test
    void pairsColumnsForAnExclusionJoinInManifestOrder() {
        assertThat(SqlText.matching("p", List.of("x", "y"), "c", List.of("a", "b"))).isEqualTo("p.`x` = c.`a` AND p.`y` = c.`b`");
        assertThat(SqlText.allNotNull("c", List.of("a", "b"))).isEqualTo("c.`a` IS NOT NULL AND c.`b` IS NOT NULL");
    }

    @Test
    void refusesAnIdentifierThatSlippedPastValidationRatherThanEscapingIt() {
        assertThat(SqlText.quote("order_id")).isEqualTo("`order_id`");
        assertThatThrownBy(() -> SqlText.quote("a`b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plain SQL identifier");
    }
}
