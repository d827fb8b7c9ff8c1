package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.ricascade.cleanup.schema.ColumnType;

class ValueTypesTests {

    private static final ColumnType BIGINT = ColumnType.of("bigint");
    private static final ColumnType INT = new ColumnType("int", "int(11)", 10L, 0L, null, null);
    private static final ColumnType INT_UNSIGNED = new ColumnType("int", "int(10) unsigned", 10L, 0L, null, null);
    private static final ColumnType TINYINT_UNSIGNED = new ColumnType("tinyint", "tinyint(3) unsigned", 3L, 0L, null, null);
    private static final ColumnType BIGINT_UNSIGNED = new ColumnType("bigint", "bigint(20) unsigned", 20L, 0L, null, null);
    private static final ColumnType MONEY = new ColumnType("decimal", "decimal(5,2)", 5L, 2L, null, null);
    private static final ColumnType EMAIL = new ColumnType("varchar", "varchar(10)", null, null, 10L, null);
    private static final ColumnType UUID = new ColumnType("binary", "binary(16)", null, null, 16L, null);
    private static final ColumnType DAY = ColumnType.of("date");
    private static final ColumnType MOMENT = new ColumnType("datetime", "datetime(3)", null, null, null, 3L);
    private static final ColumnType DOUBLE = ColumnType.of("double");
    private static final ColumnType FLOAT = ColumnType.of("float");

    @Test
    void aWholeNumberColumnTakesIntegersAndDigitsOnly() {
        assertThat(ValueTypes.problem(12L, BIGINT)).isNull();
        assertThat(ValueTypes.problem("12", INT)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("12.0"), INT)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("1.2E+3"), INT)).isNull();
        assertThat(ValueTypes.problem("1 OR 1=1", BIGINT)).isEqualTo("'1 OR 1=1' is not a whole number");
        assertThat(ValueTypes.problem(new BigDecimal("1.5"), INT)).isEqualTo("'1.5' is not a whole number");
    }

    @Test
    void aWholeNumberOutsideTheColumnsRangeSignedOrUnsignedIsRefused() {
        assertThat(ValueTypes.problem(2147483647L, INT)).isNull();
        assertThat(ValueTypes.problem(2147483648L, INT)).isEqualTo("'2147483648' is out of range (-2147483648 to 2147483647)");
        assertThat(ValueTypes.problem(-2147483648L, INT)).isNull();
        assertThat(ValueTypes.problem(4294967295L, INT_UNSIGNED)).isNull();
        assertThat(ValueTypes.problem(4294967296L, INT_UNSIGNED)).contains("out of range (0 to 4294967295)");
        assertThat(ValueTypes.problem(-1L, INT_UNSIGNED)).contains("out of range");
        assertThat(ValueTypes.problem("256", TINYINT_UNSIGNED)).contains("out of range (0 to 255)");
        assertThat(ValueTypes.problem(new BigInteger("9223372036854775808"), BIGINT)).contains("out of range");
        assertThat(ValueTypes.problem(new BigInteger("18446744073709551615"), BIGINT_UNSIGNED)).isNull();
        assertThat(ValueTypes.problem("123456789012345678901234567890", BIGINT)).contains("out of range");
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHugeExponentIsJudgedFromPrecisionAndScaleWithoutExpandingIt() {
        for (ColumnType column : new ColumnType[] {BIGINT, BIGINT_UNSIGNED, MONEY, EMAIL, UUID, DOUBLE, FLOAT,
                ColumnType.of("json"), DAY}) {
            assertThat(ValueTypes.problem(new BigDecimal("1e999999999"), column)).as("%s", column).isNotNull();
            assertThat(ValueTypes.problem(new BigDecimal("-1e999999999"), column)).as("%s", column).isNotNull();
        }
        assertThat(ValueTypes.problem(new BigDecimal("1e-999999999"), MONEY)).contains("after the decimal point");
        assertThat(ValueTypes.problem(new BigDecimal("1e-999999999"), INT)).contains("not a whole number");
        assertThat(ValueTypes.problem(new BigDecimal("1e-999999999"), DOUBLE)).contains("out of range");
        assertThat(ValueTypes.problem(new BigDecimal("1e999999999"), BIGINT)).isEqualTo(
            "'1E+999999999' is out of range (-9223372036854775808 to 9223372036854775807)");
    }

    @Test
    void aDecimalColumnTakesNumbersWithNoMoreDigitsThanItHolds() {
        assertThat(ValueTypes.problem("1.50", MONEY)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("999.99"), MONEY)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("-999.990"), MONEY)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("0.000"), MONEY)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("1000"), MONEY)).contains("more than 3 digits before the decimal point");
        assertThat(ValueTypes.problem(new BigDecimal("1.234"), MONEY)).contains("more than 2 digits after the decimal point");
        assertThat(ValueTypes.problem("abc", MONEY)).isEqualTo("'abc' is not a number");
        assertThat(ValueTypes.problem("1e5000", MONEY)).as("text with a long exponent is no number").isNotNull();
    }

    @Test
    void anApproximateColumnTakesWhatItsRangeHolds() {
        assertThat(ValueTypes.problem(new BigDecimal("1.5e300"), DOUBLE)).isNull();
        assertThat(ValueTypes.problem(new BigDecimal("1.5e300"), FLOAT)).contains("out of range for a FLOAT");
        assertThat(ValueTypes.problem(new BigDecimal("2e308"), DOUBLE)).contains("out of range for a DOUBLE");
        assertThat(ValueTypes.problem("x", DOUBLE)).isEqualTo("'x' is not a number");
    }

    @Test
    void textLongerThanTheColumnIsRefusedCountingCharactersNotBytes() {
        assertThat(ValueTypes.problem("straße@x.o", EMAIL)).isNull();
        assertThat(ValueTypes.problem("a@example.org", EMAIL)).isEqualTo("'a@example.org' has 13 characters; at most 10 fit");
        assertThat(ValueTypes.problem("x".repeat(100_000), EMAIL)).startsWith("'xxx").contains("...'").hasSizeLessThan(120);
        assertThat(ValueTypes.problem(7L, EMAIL)).isNull();
        assertThat(ValueTypes.problem("anything", ColumnType.of("varchar"))).isNull();
        assertThat(ValueTypes.problem("x".repeat(17), UUID)).contains("17 bytes; at most 16 fit");
    }

    @Test
    void aDateColumnTakesRealDatesOnly() {
        assertThat(ValueTypes.problem("2024-02-29", DAY)).isNull();
        assertThat(ValueTypes.problem("2023-02-29", DAY)).contains("is not a date");
        assertThat(ValueTypes.problem("0000-00-00", DAY)).contains("is not a date");
        assertThat(ValueTypes.problem("yesterday", DAY)).contains("is not a date");
        assertThat(ValueTypes.problem(20240229L, DAY)).contains("is not a date");
        assertThat(ValueTypes.problem("2024-02-29 23:59:59.123", MOMENT)).isNull();
        assertThat(ValueTypes.problem("2024-02-29T23:59:59", MOMENT)).isNull();
        assertThat(ValueTypes.problem("2024-02-29 24:00:00", MOMENT)).contains("is not a date and time");
        assertThat(ValueTypes.problem("2024-02-29 23:59:59.1234", MOMENT)).contains("more than 3 fractional second digits");
        assertThat(ValueTypes.problem("-838:59:59", ColumnType.of("time"))).isNull();
        assertThat(ValueTypes.problem("839:00:00", ColumnType.of("time"))).contains("is not a time");
        assertThat(ValueTypes.problem(2024L, ColumnType.of("year"))).isNull();
        assertThat(ValueTypes.problem("1900", ColumnType.of("year"))).contains("is not a year");
    }

    @Test
    void theColumnIsDescribedAsInCreateTable() {
        assertThat(INT_UNSIGNED).hasToString("int unsigned");
        assertThat(MONEY).hasToString("decimal(5,2)");
        assertThat(EMAIL).hasToString("varchar(10)");
        assertThat(BIGINT).hasToString("bigint");
    }
}
