package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;

class PublisherConfirmsTests {

    @Test
    void aMessageTheBrokerConfirmedAndRoutedIsTaken() throws InterruptedException {
        CorrelationData correlation = confirmed(true, null);

        assertThat(PublisherConfirms.whyNotTaken(correlation, System.nanoTime())).isEmpty();
    }

    @Test
    void aNackSaysTheBrokersReason() throws InterruptedException {
        CorrelationData correlation = confirmed(false, "queue full");

        assertThat(PublisherConfirms.whyNotTaken(correlation, System.nanoTime()))
                .hasValue("the broker refused it (nack): queue full");
    }

    @Test
    void aMessageReturnedAsUnroutableIsNotTakenThoughConfirmed() throws InterruptedException {
        CorrelationData correlation = confirmed(true, null);
        correlation.setReturned(new ReturnedMessage(new Message(new byte[0]), 312, "NO_ROUTE", "ri.events", "nobody.deleted"));

        assertThat(PublisherConfirms.whyNotTaken(correlation, System.nanoTime()))
                .hasValue("no queue is bound for routing key nobody.deleted (returned: NO_ROUTE)");
    }

    @Test
    void noConfirmByTheDeadlineIsNotTaken() throws InterruptedException {
        assertThat(PublisherConfirms.whyNotTaken(new CorrelationData("e1"), System.nanoTime()))
                .hasValue("no confirm from the broker in time");
    }

    private static CorrelationData confirmed(boolean ack, String reason) {
        CorrelationData correlation = new CorrelationData("e1");
        correlation.getFuture().complete(new CorrelationData.Confirm(ack, reason));
        return correlation;
    }
}
