package dev.ricascade.api.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order, identified by its number, with its lines. */
public record Order(long number, long customerId, Instant createdAt, List<Line> lines) {

    public record Line(String item, long itemId, int quantity, BigDecimal unitPrice) {
    }
}
