package dev.ricascade.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTests {

    @Test
    void quotesPlainIdentifiersAndGivesEachValueAPositionalPlaceholder() {
        assertThat(Sql.quote("order_lines")).isEqualTo("`order_lines`");
        assertThat(Sql.columnList(List.of("order_id", "item_id"))).isEqualTo("`order_id`, `item_id`");
        assertThat(Sql.matching(List.of("code", "country"))).isEqualTo("`code` = ? AND `country` = ?");
        assertThat(Sql.matching("r", List.of("code", "country"))).isEqualTo("r.`code` = ? AND r.`country` = ?");
        assertThat(Sql.assignments(List.of("email", "name"))).isEqualTo("`email` = ?, `name` = ?");
        assertThat(Sql.placeholders(3)).isEqualTo("?, ?, ?");
    }

    @Test
    void refusesAnythingThatIsNotAPlainIdentifier() {
        for (String name : List.of("a`b", "a b", "x; DROP TABLE y", "", "1abc")) {
            assertThatThrownBy(() -> Sql.quote(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain SQL identifier");
        }
    }
}
