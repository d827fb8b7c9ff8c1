package dev.ricascade.api.shop;

import java.math.BigDecimal;
import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;

@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    record NewOrder(@NotNull @Positive Long customerId) {
    }

    record NewLine(@NotBlank String item, @NotNull @Positive @Max(1_000_000) Integer quantity) {
    }

    record Total(long number, BigDecimal total) {
    }

    @PostMapping
    @Operation(summary = "Open an empty order for a customer; answers with its number")
    ResponseEntity<Order> create(@Valid @RequestBody NewOrder body) {
        long number = orders.create(body.customerId());
        return ResponseEntity.created(URI.create("/api/orders/" + number)).body(orders.get(number));
    }

    @PostMapping("/{number}/lines")
    @Operation(summary = "Add an item, by name, to an order; adds to the quantity if the item is already on it")
    Order addLine(@PathVariable long number, @Valid @RequestBody NewLine body) {
        orders.addLine(number, body.item().strip(), body.quantity());
        return orders.get(number);
    }

    @GetMapping("/{number}")
    Order get(@PathVariable long number) {
        return orders.get(number);
    }

    @GetMapping
    @Operation(summary = "Orders with their lines, optionally of one customer")
    Page<Order> list(@RequestParam(required = false) Long customerId, @Valid PageRequest page) {
        return orders.list(customerId, page);
    }

    @GetMapping("/{number}/total")
    @Operation(summary = "What an order costs: the sum of quantity times price over its lines")
    Total total(@PathVariable long number) {
        return new Total(number, orders.total(number));
    }
}
