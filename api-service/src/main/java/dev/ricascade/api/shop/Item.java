package dev.ricascade.api.shop;

import java.math.BigDecimal;

public record Item(long id, String name, BigDecimal price) {
}
