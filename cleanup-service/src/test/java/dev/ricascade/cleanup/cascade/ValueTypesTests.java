package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class ValueTypesTests {

    @Test
    void aWholeNumberColumnTakesIntegersAndDigitsOnly() {
        assertThat(ValueTypes.problem(12L, "bigint")).isNull();
        assertThat(ValueTypes.problem("12", "int")).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("12.0"), "int")).isNull();
        assertThat(ValueTypes.problem("1 OR 1=1", "bigint")).isEqualTo("'1 OR 1=1' is not a whole number");
        assertThat(ValueTypes.problem(new BigDecimal("1.5"), "int")).isNotNull();
    }

    @Test
    void aDecimalColumnTakesNumbersAndOtherColumnsTakeAnything() {
        assertThat(ValueTypes.problem("1.50", "decimal")).isNull();
        assertThat(ValueTypes.problem("abc", "decimal")).isEqualTo("'abc' is not a number");
        assertThat(ValueTypes.problem("anything", "varchar")).isNull();
        assertThat(ValueTypes.problem(7L, "varchar")).isNull();
    }
}
