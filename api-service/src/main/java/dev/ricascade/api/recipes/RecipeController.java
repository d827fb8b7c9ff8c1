package dev.ricascade.api.recipes;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
@RequestMapping("/api/recipes")
class RecipeController {

    private final Recipes recipes;

    RecipeController(Recipes recipes) {
        this.recipes = recipes;
    }

    record NewIngredient(@NotBlank @Size(max = 200) String name, @Size(max = 100) String quantity) {
    }

    record NewRecipe(@NotBlank @Size(max = 200) String name,
                     @Size(max = 200) List<@Valid NewIngredient> ingredients,
                     @Size(max = 200) List<@NotBlank @Size(max = 2000) String> steps) {
    }

    @PostMapping
    @Operation(summary = "Create a recipe with its ingredients and steps, in order")
    ResponseEntity<Recipe> create(@Valid @RequestBody NewRecipe body) {
        List<Recipe.Ingredient> ingredients = body.ingredients() == null ? List.of()
                : body.ingredients().stream().map(i -> new Recipe.Ingredient(i.name().strip(), i.quantity())).toList();
        long id = recipes.create(body.name().strip(), ingredients, body.steps() == null ? List.of() : body.steps());
        return ResponseEntity.created(URI.create("/api/recipes/" + id)).body(recipes.get(id));
    }

    @PostMapping("/{id}/ingredients")
    @Operation(summary = "Add an ingredient at the end of a recipe's list")
    Recipe addIngredient(@PathVariable long id, @Valid @RequestBody NewIngredient body) {
        recipes.addIngredient(id, new Recipe.Ingredient(body.name().strip(), body.quantity()));
        return recipes.get(id);
    }

    @GetMapping("/{id}")
    Recipe get(@PathVariable long id) {
        return recipes.get(id);
    }

    @GetMapping
    Page<Recipe.Summary> list(@Valid PageRequest page) {
        return recipes.list(page);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a recipe; its ingredients and steps follow asynchronously")
    ResponseEntity<CascadeAccepted> delete(@PathVariable long id) {
        return CascadeAccepted.response(recipes.delete(id));
    }
}
