package dev.ricascade.api.shop;

import java.math.BigDecimal;
import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.cascades.CascadeAccepted;

@RestController
@RequestMapping("/api/items")
class ItemController {

    private final Items items;

    ItemController(Items items) {
        this.items = items;
    }

    record NewItem(@NotBlank @Size(max = 200) String name,
                   @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price) {
    }

    @PostMapping
    @Operation(summary = "Create an item with a unique name and a price")
    ResponseEntity<Item> create(@Valid @RequestBody NewItem body) {
        Item item = items.create(body.name().strip(), body.price());
        return ResponseEntity.created(URI.create("/api/items/" + item.id())).body(item);
    }

    @GetMapping("/{id}")
    Item get(@PathVariable long id) {
        return items.get(id);
    }

    @GetMapping
    Page<Item> list(@Valid PageRequest page) {
        return items.list(page);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an item; refused (409) while an order line refers to it")
    ResponseEntity<CascadeAccepted> delete(@PathVariable long id) {
        return CascadeAccepted.response(items.delete(id));
    }
}
