package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class ValuesTests {

    @Test
    void seesEveryChangeInnoDbSeesInAKey() {
        assertThat(Values.exact(List.of("Café"))).isNotEqualTo(Values.exact(List.of("Cafe")));
        assertThat(Values.exact(List.of("ada@x"))).isNotEqualTo(Values.exact(List.of("Ada@x")));
        assertThat(Values.exact(List.of("a"))).isNotEqualTo(Values.exact(List.of("a ")));
    }

    @Test
    void aNumberFromAnEventIsTheNumberReadBack() {
        assertThat(Values.exact(List.of(7))).isEqualTo(Values.exact(List.of(7L)))
                .isEqualTo(Values.exact(List.of(new BigDecimal("7.0"))));
    }

    @Test
    void comparesBinaryKeysByTheirBytes() {
        assertThat(Values.exact(List.of(new byte[] {1, 2}))).isEqualTo(Values.exact(List.of(new byte[] {1, 2})));
        assertThat(Values.exact(List.of(new byte[] {1, 2}))).isNotEqualTo(Values.exact(List.of(new byte[] {1, 3})));
    }
}
