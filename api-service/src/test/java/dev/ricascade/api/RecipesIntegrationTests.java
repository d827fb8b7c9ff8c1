package dev.ricascade.api;

import static dev.ricascade.api.Responses.awaitDone;
import static dev.ricascade.api.Responses.created;
import static dev.ricascade.api.Responses.ok;
import static dev.ricascade.api.Responses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.ricascade.api.ApiClient.Response;

/** The recipe story, end to end: create, read, list, delete, and the cascade removing ingredients and steps. */
class RecipesIntegrationTests extends EndToEndIntegration {

    @Test
    void aRecipeIsCreatedReadAndDeletedWithItsIngredientsAndSteps() {
        Response pancakes = created(api.post("/api/recipes", """
                {"name": "Pancakes",
                 "ingredients": [{"name": "flour", "quantity": "250 g"}, {"name": "milk", "quantity": "500 ml"},
                                 {"name": "eggs", "quantity": "2"}],
                 "steps": ["Whisk everything together.", "Rest for 30 minutes.", "Fry in a hot pan."]}"""));
        long id = pancakes.number("id");
        Response soup = created(api.post("/api/recipes", """
                {"name": "Soup", "ingredients": [{"name": "water"}], "steps": ["Boil."]}"""));

        JsonNode read = ok(api.get("/api/recipes/" + id)).body();
        assertThat(read.path("name").asString()).isEqualTo("Pancakes");
        assertThat(read.path("ingredients")).extracting(i -> i.path("name").asString()).containsExactly("flour", "milk", "eggs");
        assertThat(read.path("steps")).extracting(JsonNode::asString)
                .containsExactly("Whisk everything together.", "Rest for 30 minutes.", "Fry in a hot pan.");
        ok(api.post("/api/recipes/" + id + "/ingredients", """
                {"name": "salt", "quantity": "a pinch"}"""));
        assertThat(ok(api.get("/api/recipes/" + id)).body().path("ingredients")).hasSize(4);
        JsonNode firstPage = ok(api.get("/api/recipes?page=0&size=1")).body();
        assertThat(firstPage.path("content")).hasSize(1);
        assertThat(firstPage.path("hasNext").asBoolean()).isTrue();

        JsonNode cascade = awaitDone(api, api.delete("/api/recipes/" + id));

        assertThat(cascade.path("relationships")).extracting(r -> r.path("relationship").asString() + " " + r.path("deleted").asLong())
                .contains("ingredients_recipe 4", "steps_recipe 3");
        problem(api.get("/api/recipes/" + id), 404, "There is no recipe " + id + ".");
        problem(api.post("/api/recipes/" + id + "/ingredients", """
                {"name": "sugar"}"""), 404, "There is no recipe " + id + ".");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ingredients WHERE recipe_id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM steps WHERE recipe_id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(ok(api.get("/api/recipes/" + soup.number("id"))).body().path("ingredients")).hasSize(1);
    }

    @Test
    void aRecipeWithoutANameIsRefused() {
        problem(api.post("/api/recipes", """
                {"name": " ", "steps": [""]}"""), 400, "'name' must not be blank");
    }
}
