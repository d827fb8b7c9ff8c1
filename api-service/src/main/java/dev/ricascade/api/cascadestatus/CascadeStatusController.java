package dev.ricascade.api.cascadestatus;

import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.cascadestatus.CascadeStatusRepository.Progress;
import dev.ricascade.api.outbox.Outbox;

/**
 * {@code GET /api/cascades/{eventId}}: the progress the cleanup service reports ({@link CascadeStatusRepository});
 * until it has started on the event, the event as the outbox holds it, pending.
 */
@RestController
@RequestMapping("/api/cascades")
class CascadeStatusController {

    private final CascadeStatusRepository statuses;
    private final Outbox outbox;

    CascadeStatusController(CascadeStatusRepository statuses, Outbox outbox) {
        this.statuses = statuses;
        this.outbox = outbox;
    }

    @GetMapping("/{eventId}")
    @Operation(summary = "The status of the cascade a delete or key change started: pending, running, done or failed, "
            + "with the rows affected so far per relationship")
    CascadeStatus status(@PathVariable String eventId) {
        Optional<Progress> progress = statuses.progress(eventId);
        if (progress.isPresent()) {
            Progress p = progress.get();
            return new CascadeStatus(eventId, p.routingKey(), p.state(), true, p.detail(), p.startedAt(), p.finishedAt(),
                    statuses.rows(eventId));
        }
        Outbox.Recorded event = outbox.recorded(eventId).orElseThrow(() -> new NotFoundException(
                "No cascade is known for event " + eventId + ". Use the Location a delete or key change answered with."));
        return new CascadeStatus(eventId, event.routingKey(), "pending", event.sent(), null, null, null, List.of());
    }
}
