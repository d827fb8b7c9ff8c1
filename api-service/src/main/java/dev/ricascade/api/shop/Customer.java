package dev.ricascade.api.shop;

/** A customer; {@code referredBy} is the id of the customer who referred them, if any. */
public record Customer(long id, String name, String email, Long referredBy) {
}
