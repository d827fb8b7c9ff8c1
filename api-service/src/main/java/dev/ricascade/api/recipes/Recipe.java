package dev.ricascade.api.recipes;

import java.util.List;

public record Recipe(long id, String name, List<Ingredient> ingredients, List<String> steps) {

    public record Ingredient(String name, String quantity) {
    }

    /** A recipe in a list: without ingredients and steps. */
    public record Summary(long id, String name) {
    }
}
