package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.SpringProperties;
import org.springframework.jdbc.core.StatementCreatorUtils;

/** The cleanup service binds a null without asking the driver for the parameter's type first (spring.properties). */
class NullBindingTests {

    @Test
    void springBindsNullsWithoutTheDriversParameterMetadata() {
        assertThat(SpringProperties.getFlag(StatementCreatorUtils.IGNORE_GETPARAMETERTYPE_PROPERTY_NAME)).isTrue();
    }
}
