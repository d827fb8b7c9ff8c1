package dev.ricascade.api.shop;

public record Subscription(long id, String customerEmail, String topic) {
}
