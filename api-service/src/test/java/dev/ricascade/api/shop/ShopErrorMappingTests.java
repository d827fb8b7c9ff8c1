package dev.ricascade.api.shop;

import static dev.ricascade.api.ProblemAssertions.assertProblem;
import static dev.ricascade.manifest.ReferentialAction.RESTRICT;
import static dev.ricascade.manifest.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.api.ConflictException;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.integrity.Refusals;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.TableColumns;

/**
 * How the shop's controllers answer what goes wrong (ApiExceptionHandler), in a web slice with the services mocked:
 * every error a problem detail ({@code application/problem+json}) whose status, title, detail and properties say
 * what was wrong. No database, no broker.
 */
@WebMvcTest(controllers = {CustomerController.class, ItemController.class, OrderController.class,
        SubscriptionController.class}, properties = {
        "ricascade.manifest=file:relationships.yml", "ricascade.pending.retry-after=2500ms"})
@EnableConfigurationProperties(ApiProperties.class) // the slice leaves out @ConfigurationPropertiesScan
class ShopErrorMappingTests {

    private static final Relationship ORDER_LINES_ITEM = new Relationship("order_lines_item",
            new TableColumns("order_lines", List.of("item_id")), new TableColumns("items", List.of("id")), RESTRICT, RESTRICT);
    private static final Relationship ORDERS_CUSTOMER = new Relationship("orders_customer",
            new TableColumns("orders", List.of("customer_id")), new TableColumns("customers", List.of("id")), SET_NULL,
            RESTRICT);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    Customers customers;

    @MockitoBean
    Items items;

    @MockitoBean
    Orders orders;

    @MockitoBean
    Subscriptions subscriptions;

    @Test
    void aRowThatDoesNotExistIsA404() {
        given(customers.get(99)).willThrow(new NotFoundException("There is no customer 99."));

        MvcTestResult result = mvc.get().uri("/api/customers/99").exchange();

        assertProblem(result, HttpStatus.NOT_FOUND, "Not found", "There is no customer 99.");
    }

    @Test
    void aTakenNameIsA409Conflict() {
        given(items.create(anyString(), any())).willThrow(new ConflictException("An item named Fig already exists."));

        MvcTestResult result = mvc.post().uri("/api/items").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Fig\", \"price\": 1}").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Conflict", "An item named Fig already exists.");
    }

    @Test
    void aRestrictRelationshipWithRowsIsA409NamingTheRelationshipAndTheBlockingRows() {
        given(items.delete(5)).willThrow(Refusals.restricted("Deleting items {id=5}", ORDER_LINES_ITEM, List.of(5), 2));

        MvcTestResult result = mvc.delete().uri("/api/items/5").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Refused by a RESTRICT relationship",
                "Deleting items {id=5} is refused: 2 row(s) of order_lines reference items(id) = [5] through relationship "
                        + "order_lines_item (on delete restrict). Delete or re-point those rows first.");
        assertThat(result).bodyJson().extractingPath("$.relationship").isEqualTo("order_lines_item");
        assertThat(result).bodyJson().extractingPath("$.blockingRows").isEqualTo(2);
        assertThat(result).headers().doesNotContainHeader(HttpHeaders.RETRY_AFTER);
    }

    @Test
    void aSetNullIntoANotNullColumnIsA409NamingTheColumn() {
        given(customers.delete(7)).willThrow(Refusals.notNullColumn("Deleting customers {id=7}", ORDERS_CUSTOMER,
                List.of(7), "customer_id", 1));

        MvcTestResult result = mvc.delete().uri("/api/customers/7").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Refused by SET NULL on a NOT NULL column",
                "which would set their NOT NULL column orders.customer_id to NULL");
        assertThat(result).bodyJson().extractingPath("$.relationship").isEqualTo("orders_customer");
        assertThat(result).bodyJson().extractingPath("$.column").isEqualTo("customer_id");
        assertThat(result).bodyJson().extractingPath("$.blockingRows").isEqualTo(1);
    }

    @Test
    void aWriteThatWaitsForAPendingCascadeIsA409WithRetryAfterAndTheCascadeToWatch() {
        given(customers.create(anyString(), anyString(), any())).willThrow(Refusals.pendingCascade(
                "customers(email) = [ada@example.com] is not free yet.", "event-1"));

        MvcTestResult result = mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Ada\", \"email\": \"ada@example.com\"}").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Waits for a pending cascade", "is not free yet");
        assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "3"); // 2500ms, rounded up to whole seconds
        assertThat(result).bodyJson().extractingPath("$.eventId").isEqualTo("event-1");
        assertThat(result).bodyJson().extractingPath("$.cascade").isEqualTo("/api/cascades/event-1");
    }

    @Test
    void aValueOrphansHoldIsA409WithRetryAfterButNoCascade() {
        given(customers.create(anyString(), anyString(), any())).willThrow(Refusals.pendingCascade(
                "1 row(s) of orders reference the new value of customers(id).", null));

        MvcTestResult result = mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Ada\", \"email\": \"ada@example.com\"}").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Waits for a pending cascade", "reference the new value");
        assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "3");
        assertThat(result).bodyJson().doesNotHavePath("$.eventId");
        assertThat(result).bodyJson().doesNotHavePath("$.cascade");
    }

    @Test
    void aDuplicateAfterAPendingCascadeIsA409NamingTheUniqueKeyAndTheEvent() {
        given(subscriptions.subscribe(anyString(), anyString())).willThrow(Refusals.pendingDuplicate(
                "Duplicate entry for key customer_topic.", "event-2", "customer_topic"));

        MvcTestResult result = mvc.post().uri("/api/newsletter-subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"ada@example.com\", \"topic\": \"news\"}").exchange();

        assertProblem(result, HttpStatus.CONFLICT, "Duplicate after a pending cascade", "Duplicate entry for key customer_topic.");
        assertThat(result).bodyJson().extractingPath("$.eventId").isEqualTo("event-2");
        assertThat(result).bodyJson().extractingPath("$.uniqueKey").isEqualTo("customer_topic");
    }

    @Test
    void aMissingParentIsA422NamingTheRelationship() {
        given(orders.create(123)).willThrow(Refusals.missingParent(ORDERS_CUSTOMER, List.of(123)));

        MvcTestResult result = mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .content("{\"customerId\": 123}").exchange();

        assertProblem(result, HttpStatus.UNPROCESSABLE_CONTENT, "Missing parent",
                "orders(customer_id) = [123] must reference an existing row of customers(id) (relationship orders_customer)");
        assertThat(result).bodyJson().extractingPath("$.relationship").isEqualTo("orders_customer");
    }

    @Test
    void aLostLockIsA503BusyToBeTriedAgain() {
        given(items.delete(5)).willThrow(new CannotAcquireLockException("Lock wait timeout exceeded"));

        MvcTestResult result = mvc.delete().uri("/api/items/5").exchange();

        assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE, "Busy", "Lock wait timeout exceeded). Try again.");
    }

    @Test
    void anInvalidBodyIsA400ListingEveryInvalidFieldAndTheServiceIsNotCalled() {
        MvcTestResult result = mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"\", \"email\": \"not-an-email\"}").exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid input",
                "'email' must be a well-formed email address (got 'not-an-email'); 'name' must not be blank (got '').");
        verifyNoInteractions(customers);
    }

    @Test
    void anInvalidQueryParameterIsA400NamingIt() {
        assertProblem(mvc.get().uri("/api/items?size=1000").exchange(), HttpStatus.BAD_REQUEST, "Invalid input",
                "'size' must be less than or equal to 100");
        assertProblem(mvc.get().uri("/api/newsletter-subscriptions?email=").exchange(), HttpStatus.BAD_REQUEST,
                "Invalid input", "'email' must not be blank.");
        assertProblem(mvc.get().uri("/api/newsletter-subscriptions?email=ada@example.com&size=1000").exchange(),
                HttpStatus.BAD_REQUEST, "Invalid input", "'size' must be less than or equal to 100 (got '1000').");
        verifyNoInteractions(items, subscriptions);
    }

    @Test
    void aBodyThatIsNotJsonIsA400MalformedRequestBody() {
        MvcTestResult result = mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": ").exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "Malformed request body",
                "The request body is not the JSON this endpoint expects");
    }

    @Test
    void aPathVariableOfTheWrongTypeIsA400SayingWhatWasExpected() {
        assertProblem(mvc.get().uri("/api/customers/abc").exchange(), HttpStatus.BAD_REQUEST, "Invalid input",
                "'id' must be a long, got 'abc'.");
    }
}
