package dev.ricascade.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class IdentifiersTests {

    @Test
    void backtickQuotesAPlainIdentifier() {
        assertThat(Identifiers.quote("order_lines")).isEqualTo("`order_lines`");
        assertThat(Identifiers.quote("_tmp$1")).isEqualTo("`_tmp$1`");
        assertThat(Identifiers.quote("x".repeat(64))).isEqualTo("`" + "x".repeat(64) + "`");
    }

    @Test
    void refusesWhatItCannotProveSafeInsteadOfEscapingIt() {
        for (String name : List.of("a`b", "a b", "x; DROP TABLE y", "", "1abc", "a.b", "é", "x".repeat(65))) {
            assertThat(Identifiers.isPlain(name)).as(name).isFalse();
            assertThatThrownBy(() -> Identifiers.quote(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain SQL identifier");
        }
    }

    @Test
    void namesTheOffendingIdentifierAndSaysWhatToDo() {
        assertThatThrownBy(() -> Identifiers.quote("a`b")).hasMessageStartingWith("'a`b' is not a plain SQL identifier")
                .hasMessageContaining("rename the table or column");
        assertThatThrownBy(() -> Identifiers.quote(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> Identifiers.quote("y".repeat(500))).hasMessageContaining("y".repeat(80) + "…'")
                .hasMessageNotContaining("y".repeat(81));
    }
}
