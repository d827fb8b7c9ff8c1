package dev.ricascade.cleanup.cascade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Catches an event value that cannot be what the column holds, before MySQL's implicit conversion
 * turns {@code '1 OR 1=1'} into the number 1 and matches rows it should not.
 */
final class ValueTypes {

    private static final Set<String> WHOLE = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");
    private static final Set<String> NUMERIC = Set.of("decimal", "numeric", "float", "double", "real");
    private static final Pattern WHOLE_TEXT = Pattern.compile("-?\\d{1,20}");
    private static final Pattern NUMERIC_TEXT = Pattern.compile("-?\\d{0,65}(\\.\\d{0,30})?([eE][-+]?\\d{1,3})?");

    /** Null when the value fits the column's DATA_TYPE, else what is wrong with it. */
    static String problem(Object value, String dataType) {
        if (value == null || dataType == null) {
            return null;
        }
        if (WHOLE.contains(dataType)) {
            boolean fits = value instanceof Long || value instanceof Integer || value instanceof BigInteger
                    || (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0)
                    || (value instanceof String s && WHOLE_TEXT.matcher(s.strip()).matches());
            return fits ? null : "'" + value + "' is not a whole number";
        }
        if (NUMERIC.contains(dataType)) {
            boolean fits = value instanceof Number
                    || (value instanceof String s && !s.isBlank() && NUMERIC_TEXT.matcher(s.strip()).matches());
            return fits ? null : "'" + value + "' is not a number";
        }
        return null;
    }

    private ValueTypes() {
    }
}
