package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;

/** {@code "id": N} in a hand-written event, on tables whose primary key has another name. */
@TestPropertySource(properties = "ricascade.manifest=classpath:manifests/shorthand.yml")
class KeyShorthandIntegrationTests extends CleanupIntegrationTest {

    @Override
    protected String schemaResource() {
        return "manifests/shorthand.sql";
    }

    @Test
    void theIdShorthandNamesAOneColumnPrimaryKeyWhateverItIsCalled() {
        sql("INSERT INTO invoices (number, total) VALUES (7, 10.00), (8, 5.00)");
        sql("INSERT INTO invoice_lines (id, invoice_number) VALUES (1, 7), (2, 7), (3, 8)");
        sql("DELETE FROM invoices WHERE number = 7");

        publishRaw("invoices.deleted", "{\"id\": 7}");

        awaitTheInvoiceEventDone("deleted");
        assertThat(rows("SELECT id, invoice_number FROM invoice_lines")).containsExactly("3|8");
    }

    @Test
    void aKeyUpdateGivenWithTheShorthandIsRecordedWithItsColumn() {
        sql("INSERT INTO invoices (number, total) VALUES (9, 10.00)");
        sql("INSERT INTO invoice_lines (id, invoice_number) VALUES (2, 9)");
        sql("UPDATE invoices SET number = 10 WHERE number = 9");

        publishRaw("invoices.updated", "{\"id\": 9, \"changes\": {\"number\": 10}}");

        awaitTheInvoiceEventDone("updated");
        assertThat(rows("SELECT id, invoice_number FROM invoice_lines")).containsExactly("2|10");
        // as the orphan sweep reads updates back to tell a rewrite still owed
        assertThat(rows("SELECT event FROM ri_cascade_status WHERE entity = 'invoices' AND action = 'updated'")).singleElement().asString()
                .contains("\"key\":{\"number\":9}");
    }

    @Test
    void theIdShorthandOnATwoColumnPrimaryKeyIsDeadLetteredSayingWhichColumnsToGive() {
        publishRaw("periods.deleted", "{\"id\": 2026}");

        Message dead = awaitDeadLetter();

        assertThat(dead.getMessageProperties().<String>getHeader("x-ricascade-field")).isEqualTo("key.id");
        assertThat(dead.getMessageProperties().<String>getHeader("x-ricascade-reason")).isEqualTo("key.id: \"id\" stands for "
                + "the primary key only where it is one column; that of periods is [year, month], so give them all, such as "
                + "\"key\": {\"year\": …, \"month\": …}");
    }

    private void awaitTheInvoiceEventDone(String action) {
        await().atMost(PATIENCE).until(() -> rows("SELECT state FROM ri_cascade_status WHERE entity = 'invoices' AND action = ?",
                action), states -> states.equals(java.util.List.of("done")));
    }
}
