package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class ValuesTests {

    @Test
    void matchesAsTheDefaultCollationsDo() {
        assertThat(Values.normal(List.of("Café@X.org  "))).isEqualTo(Values.normal(List.of("cafe@x.org")));
        assertThat(Values.normal(List.of(1))).isEqualTo(Values.normal(List.of(1L))).isEqualTo(Values.normal(List.of(new BigDecimal("1.0"))));
        assertThat(Values.normal(List.of("a"))).isNotEqualTo(Values.normal(List.of("b")));
    }

    @Test
    void seesEveryChangeInnoDbSeesInAKey() {
        assertThat(Values.exact(List.of("Café"))).isNotEqualTo(Values.exact(List.of("Cafe")));
        assertThat(Values.sameUnderCollation(List.of("Café"), List.of("cafe"))).isTrue();
        assertThat(Values.exact(List.of(7))).isEqualTo(Values.exact(List.of(7L)));
    }

    @Test
    void comparesBinaryKeysByTheirBytes() {
        assertThat(Values.exact(List.of(new byte[] {1, 2}))).isEqualTo(Values.exact(List.of(new byte[] {1, 2})));
        assertThat(Values.exact(List.of(new byte[] {1, 2}))).isNotEqualTo(Values.exact(List.of(new byte[] {1, 3})));
    }
}
