package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTests {

    @Test
    void matchesOneColumnOrATupleAgainstEveryValue() {
        assertThat(Sql.in(List.of("id"), 3)).isEqualTo("`id` IN (?, ?, ?)");
        assertThat(Sql.in(List.of("a", "b"), 2)).isEqualTo("(`a`, `b`) IN ((?, ?), (?, ?))");
    }

    @Test
    void spellsOutAKeysetPositionSoThatIndexesServeIt() {
        assertThat(Sql.after(List.of("a", "b", "c")))
                .isEqualTo("((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
        assertThat(Sql.afterParams(List.of(1, 2, 3))).containsExactly(1, 1, 2, 1, 2, 3);
    }

    @Test
    void writesNullAsALiteralAndEverythingElseAsAPlaceholder() {
        assertThat(Sql.assign(List.of("a", "b"), Arrays.asList(null, 5))).isEqualTo("`a` = NULL, `b` = ?");
    }
}
