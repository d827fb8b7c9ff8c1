package dev.ricascade.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTests {

    private final EventCodec codec = new EventCodec();

    private ChangeEvent read(String json, String routingKey) {
        return codec.read(json.getBytes(StandardCharsets.UTF_8), routingKey);
    }

    @Test
    void readsTheFullEnvelope() {
        ChangeEvent event = read("""
                {"eventId":"e-1","entity":"customers","action":"deleted","key":{"id":123},"occurredAt":"2026-01-02T03:04:05Z"}
                """, "customers.deleted");
        assertThat(event).isEqualTo(new ChangeEvent("e-1", "customers", EventAction.DELETED, Map.of("id", 123L), Map.of(),
                Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(event.routingKey()).isEqualTo("customers.deleted");
    }

    @Test
    void readsAnUpdateWithChangesAndACompositeKey() {
        ChangeEvent event = read("""
                {"entity":"customers","action":"UPDATED","key":{"id":1,"email":"a@x.org"},"changes":{"email":"b@x.org"}}
                """, null);
        assertThat(event.action()).isEqualTo(EventAction.UPDATED);
        assertThat(event.key()).containsExactly(Map.entry("id", 1L), Map.entry("email", "a@x.org"));
        assertThat(event.changes()).containsExactly(Map.entry("email", "b@x.org"));
    }

    @Test
    void acceptsAHandWrittenMessageWithShorthandIdAndNoEventId() {
        ChangeEvent event = read("{\"entity\":\"customers\",\"action\":\"deleted\",\"id\":1}", "customers.deleted");
        assertThat(event.key()).isEqualTo(Map.of("id", 1L));
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.occurredAt()).isNull();
    }

    @Test
    void takesEntityAndActionFromTheRoutingKeyWhenTheBodyLacksThem() {
        ChangeEvent event = read("{\"id\":\"abc\"}", "recipes.Deleted");
        assertThat(event.entity()).isEqualTo("recipes");
        assertThat(event.action()).isEqualTo(EventAction.DELETED);
        assertThat(event.key()).isEqualTo(Map.of("id", "abc"));
    }

    @Test
    void writesWhatItReads() {
        ChangeEvent event = ChangeEvent.updated("e-9", "customers", Map.of("id", 7L, "email", "a@x.org"),
                Map.of("email", "b@x.org"), Instant.parse("2026-05-06T07:08:09Z"));
        assertThat(codec.read(codec.write(event), event.routingKey())).isEqualTo(event);
    }

    @Test
    void keepsLargeAndDecimalNumbersExact() {
        ChangeEvent event = read("{\"entity\":\"t\",\"action\":\"deleted\",\"key\":{\"a\":18446744073709551615,\"b\":1.50}}", null);
        assertThat(event.key().get("a")).isEqualTo(new java.math.BigInteger("18446744073709551615"));
        assertThat(event.key().get("b")).isEqualTo(new java.math.BigDecimal("1.50"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                                  | | not valid JSON
            [1,2]                                                                            | | expected a JSON object
            {"entity":"customers","action":"deleted"}                                        | key | missing
            {"entity":"customers","action":"purged","id":1}                                  | action | unknown action 'purged'
            {"entity":"customers; drop table x","action":"deleted","id":1}                   | entity | not a plain SQL identifier
            {"entity":"customers","action":"deleted","key":{"id":{"nested":1}}}              | key.id | expected a string or a number
            {"entity":"customers","action":"deleted","key":{"id`":1}}                        | key.id` | not a plain SQL identifier
            {"entity":"customers","action":"deleted","key":{}}                               | key | empty
            {"entity":"customers","action":"deleted","key":{"id":null}}                      | key.id | is null
            {"entity":"customers","action":"deleted","id":1,"key":{"id":1}}                  | id | not both
            {"entity":"customers","action":"deleted","id":1,"changes":{"id":2}}              | changes | only an updated event
            {"entity":"customers","action":"updated","id":1}                                 | changes | missing
            {"entity":"customers","action":"deleted","id":1,"colour":"red"}                  | colour | unknown field
            {"entity":"customers","action":"deleted","id":1,"occurredAt":"yesterday"}        | occurredAt | ISO-8601
            {"entity":7,"action":"deleted","id":1}                                           | entity | expected a table name
            {"action":"deleted","id":1}                                                      | entity | missing
            """)
    void rejectsBadInputNamingTheField(String json, String field, String reason) {
        assertThatThrownBy(() -> read(json, null))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsABodyThatContradictsItsRoutingKey() {
        assertThatThrownBy(() -> read("{\"entity\":\"orders\",\"action\":\"deleted\",\"id\":1}", "customers.deleted"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("entity: 'orders' disagrees with the routing key 'customers.deleted'");
    }

    @Test
    void rejectsAnEmptyBody() {
        assertThatThrownBy(() -> codec.read(new byte[0], "customers.deleted"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("empty");
    }
}
