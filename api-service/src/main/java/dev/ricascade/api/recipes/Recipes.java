package dev.ricascade.api.recipes;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.Inserts;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.cascades.ParentChanges;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.api.integrity.ReferenceGuard;

@Service
class Recipes {

    private static final String INSERT = """
            INSERT INTO `recipes` (`name`) VALUES (?)""";
    private static final String INSERT_INGREDIENT = """
            INSERT INTO `ingredients` (`recipe_id`, `position`, `name`, `quantity`)
            VALUES (?, ?, ?, ?)""";
    private static final String INSERT_STEP = """
            INSERT INTO `steps` (`recipe_id`, `position`, `instruction`) VALUES (?, ?, ?)""";
    private static final String NEXT_INGREDIENT_POSITION = """
            SELECT COALESCE(MAX(`position`), 0) + 1 FROM `ingredients` WHERE `recipe_id` = ?""";
    private static final String FIND = """
            SELECT `id`, `name` FROM `recipes` WHERE `id` = ?""";
    private static final String INGREDIENTS = """
            SELECT `name`, `quantity` FROM `ingredients` WHERE `recipe_id` = ? ORDER BY `position`, `id`""";
    private static final String STEPS = """
            SELECT `instruction` FROM `steps` WHERE `recipe_id` = ? ORDER BY `position`, `id`""";
    private static final String LIST = """
            SELECT `id`, `name` FROM `recipes` ORDER BY `id` LIMIT ? OFFSET ?""";

    private final JdbcClient jdbc;
    private final ReferenceGuard guard;
    private final ParentChanges parentChanges;

    Recipes(JdbcClient jdbc, ReferenceGuard guard, ParentChanges parentChanges) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.parentChanges = parentChanges;
    }

    @RetriedOnDeadlock
    @Transactional
    long create(String name, List<Recipe.Ingredient> ingredients, List<String> steps) {
        long id = Inserts.returningId(jdbc.sql(INSERT).param(name));
        for (int i = 0; i < ingredients.size(); i++) {
            insertIngredient(id, i + 1, ingredients.get(i));
        }
        for (int i = 0; i < steps.size(); i++) {
            guard.requireLiveParents("steps", Map.of("recipe_id", id));
            jdbc.sql(INSERT_STEP).param(id).param(i + 1).param(steps.get(i)).update();
        }
        return id;
    }

    @RetriedOnDeadlock
    @Transactional
    void addIngredient(long recipeId, Recipe.Ingredient ingredient) {
        get(recipeId);
        int position = jdbc.sql(NEXT_INGREDIENT_POSITION).param(recipeId).query(Integer.class).single();
        insertIngredient(recipeId, position, ingredient);
    }

    Recipe get(long id) {
        Recipe.Summary recipe = jdbc.sql(FIND).param(id).query(Recipe.Summary.class).optional()
                .orElseThrow(() -> new NotFoundException("There is no recipe " + id + "."));
        return new Recipe(recipe.id(), recipe.name(),
                jdbc.sql(INGREDIENTS).param(id).query(Recipe.Ingredient.class).list(),
                jdbc.sql(STEPS).param(id).query(String.class).list());
    }

    Page<Recipe.Summary> list(PageRequest page) {
        return Page.query(jdbc.sql(LIST), Recipe.Summary.class, page);
    }

    String delete(long id) {
        return parentChanges.delete("recipes", Map.of("id", id), "recipe " + id);
    }

    private void insertIngredient(long recipeId, int position, Recipe.Ingredient ingredient) {
        guard.requireLiveParents("ingredients", Map.of("recipe_id", recipeId));
        jdbc.sql(INSERT_INGREDIENT).param(recipeId).param(position)
                .param(ingredient.name()).param(ingredient.quantity()).update();
    }
}
