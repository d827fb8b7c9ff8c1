package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyValuesTests {

    @Test
    void valuesReadBackAreNamedByWhatTheyHold() {
        assertThat(KeyValues.canonical(7)).isEqualTo(KeyValues.canonical(7L)).isEqualTo(KeyValues.canonical(new BigDecimal("7.00")));
        assertThat(KeyValues.canonical(0)).isEqualTo(KeyValues.canonical("0")).isEqualTo(KeyValues.canonical(BigDecimal.ZERO));
        assertThat(KeyValues.canonical(null)).isNotEqualTo(KeyValues.canonical("null"));
        assertThat(KeyValues.canonical("Émile")).as("text is named as it is stored").isNotEqualTo(KeyValues.canonical("emile"));
        assertThat(KeyValues.digest(List.of(1, "a"))).isEqualTo(KeyValues.digest(List.of(1L, "a"))).hasSize(64)
                .isNotEqualTo(KeyValues.digest(List.of("1a")));
    }
}
