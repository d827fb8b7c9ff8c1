package dev.ricascade.api.shop;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;

@RestController
@RequestMapping("/api/newsletter-subscriptions")
class SubscriptionController {

    private final Subscriptions subscriptions;

    SubscriptionController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    record NewSubscription(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 100) String topic) {
    }

    @PostMapping
    @Operation(summary = "Subscribe a customer's email to a newsletter topic")
    ResponseEntity<Subscription> subscribe(@Valid @RequestBody NewSubscription body) {
        Subscription subscription = subscriptions.subscribe(body.email().strip(), body.topic().strip());
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/newsletter-subscriptions")
                        .queryParam("email", subscription.customerEmail()).encode().build().toUri())
                .body(subscription);
    }

    @GetMapping
    @Operation(summary = "The subscriptions of one email")
    Page<Subscription> forEmail(@RequestParam @NotBlank String email, @Valid PageRequest page) {
        return subscriptions.forEmail(email, page);
    }
}
