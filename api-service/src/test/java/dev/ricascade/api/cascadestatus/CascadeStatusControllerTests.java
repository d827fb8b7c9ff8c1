package dev.ricascade.api.cascadestatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.api.cascadestatus.CascadeStatus.RelationshipProgress;
import dev.ricascade.api.cascadestatus.CascadeStatusRepository.Progress;
import dev.ricascade.api.outbox.Outbox;

/** {@code GET /api/cascades/{eventId}} from what the status tables and the outbox hold, in a web slice. */
@WebMvcTest(controllers = CascadeStatusController.class, properties = "ricascade.manifest=file:relationships.yml")
@EnableConfigurationProperties(ApiProperties.class) // the slice leaves out @ConfigurationPropertiesScan
class CascadeStatusControllerTests {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    CascadeStatusRepository statuses;

    @MockitoBean
    Outbox outbox;

    @Test
    void anEventNeitherTheOutboxNorTheCleanupServiceKnowsIsA404ThatSaysWhereToLook() {
        given(statuses.progress("nope")).willReturn(Optional.empty());
        given(outbox.recorded("nope")).willReturn(Optional.empty());

        MvcTestResult result = mvc.get().uri("/api/cascades/nope").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("No cascade is known for event nope. "
                + "Use the Location a delete or key change answered with.");
    }

    @Test
    void anEventTheCleanupServiceHasNotStartedOnIsPendingAndSaysWhetherItWasPublished() {
        given(statuses.progress("e1")).willReturn(Optional.empty());
        given(outbox.recorded("e1")).willReturn(Optional.of(new Outbox.Recorded("customers.deleted", true)));

        MvcTestResult result = mvc.get().uri("/api/cascades/e1").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.state").isEqualTo("pending");
        assertThat(result).bodyJson().extractingPath("$.routingKey").isEqualTo("customers.deleted");
        assertThat(result).bodyJson().extractingPath("$.published").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.relationships").asArray().isEmpty();
    }

    @Test
    void anEventTheCleanupServiceReportsOnShowsItsStateAndRowsPerRelationship() {
        given(statuses.progress("e2")).willReturn(Optional.of(new Progress("customers.deleted", "done", null,
                Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T10:00:01Z"))));
        given(statuses.rows("e2")).willReturn(List.of(new RelationshipProgress("orders_customer", 3, 0, 0, 0)));

        MvcTestResult result = mvc.get().uri("/api/cascades/e2").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.state").isEqualTo("done");
        assertThat(result).bodyJson().extractingPath("$.published").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.relationships[0].relationship").isEqualTo("orders_customer");
        assertThat(result).bodyJson().extractingPath("$.relationships[0].deleted").isEqualTo(3);
    }
}
