package dev.ricascade.api.shop;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.cascades.CascadeAccepted;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final Customers customers;

    CustomerController(Customers customers) {
        this.customers = customers;
    }

    record NewCustomer(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 254) String email,
                       @Positive Long referredBy) {
    }

    record EmailChange(@NotBlank @Email @Size(max = 254) String email) {
    }

    @PostMapping
    @Operation(summary = "Create a customer, optionally referred by an existing one")
    ResponseEntity<Customer> create(@Valid @RequestBody NewCustomer body) {
        Customer customer = customers.create(body.name().strip(), body.email().strip(), body.referredBy());
        return ResponseEntity.created(URI.create("/api/customers/" + customer.id())).body(customer);
    }

    @GetMapping("/{id}")
    Customer get(@PathVariable long id) {
        return customers.get(id);
    }

    @GetMapping
    Page<Customer> list(@Valid PageRequest page) {
        return customers.list(page);
    }

    @PutMapping("/{id}/email")
    @Operation(summary = "Change a customer's email; the newsletter subscriptions follow asynchronously (202 with the "
            + "cascade's status), or 200 when the email is unchanged")
    ResponseEntity<?> changeEmail(@PathVariable long id, @Valid @RequestBody EmailChange body) {
        String eventId = customers.changeEmail(id, body.email().strip());
        return eventId == null ? ResponseEntity.ok(customers.get(id)) : CascadeAccepted.response(eventId);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a customer; their orders, order lines and subscriptions follow asynchronously, "
            + "customers they referred keep no referrer")
    ResponseEntity<CascadeAccepted> delete(@PathVariable long id) {
        return CascadeAccepted.response(customers.delete(id));
    }
}
