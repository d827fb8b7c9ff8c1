package dev.ricascade.cleanup.deadletters;

import java.util.List;
import java.util.Map;

/**
 * The routing key a dead letter first arrived with: the {@code x-original-routing-key} header our consumer
 * writes, or, for a message the broker dead-lettered itself (a quorum queue's delivery limit), the first
 * routing key of its oldest {@code x-death} entry.
 */
final class OriginalRoutingKey {

    static String of(Map<String, Object> headers) {
        Object ours = headers.get("x-original-routing-key");
        if (ours != null && !ours.toString().isEmpty()) {
            return ours.toString();
        }
        if (headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(deaths.size() - 1) instanceof Map<?, ?> oldest
                && oldest.get("routing-keys") instanceof List<?> keys && !keys.isEmpty() && keys.get(0) != null) {
            return keys.get(0).toString();
        }
        return null;
    }

    private OriginalRoutingKey() {
    }
}
