package dev.ricascade.api.recipes;

import static dev.ricascade.api.ProblemAssertions.assertProblem;
import static dev.ricascade.manifest.ReferentialAction.CASCADE;
import static dev.ricascade.manifest.ReferentialAction.RESTRICT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.integrity.Refusals;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.TableColumns;

/**
 * How the recipe endpoints answer what goes wrong (ApiExceptionHandler), in a web slice with {@link Recipes} mocked:
 * every error a problem detail ({@code application/problem+json}) whose status, title and detail say what was
 * wrong, and a delete a 202 naming the cascade to watch. What the handler answers alike for every endpoint (a body
 * that is not JSON, a lost lock) is ShopErrorMappingTests'. No database, no broker.
 */
@WebMvcTest(controllers = RecipeController.class, properties = "ricascade.manifest=file:relationships.yml")
@EnableConfigurationProperties(ApiProperties.class) // the slice leaves out @ConfigurationPropertiesScan
class RecipeErrorMappingTests {

    private static final Relationship INGREDIENTS_RECIPE = new Relationship("ingredients_recipe",
            new TableColumns("ingredients", List.of("recipe_id")), new TableColumns("recipes", List.of("id")), CASCADE,
            RESTRICT);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    Recipes recipes;

    @Test
    void aRecipeThatDoesNotExistIsA404() {
        given(recipes.get(99)).willThrow(new NotFoundException("There is no recipe 99."));

        assertProblem(mvc.get().uri("/api/recipes/99").exchange(), HttpStatus.NOT_FOUND, "Not found",
                "There is no recipe 99.");
    }

    @Test
    void deletingAMissingRecipeIsA404AndDeletingOneIsA202WithTheCascadeToWatch() {
        given(recipes.delete(98)).willThrow(new NotFoundException("There is no recipe 98."));
        given(recipes.delete(1)).willReturn("event-1");

        assertProblem(mvc.delete().uri("/api/recipes/98").exchange(), HttpStatus.NOT_FOUND, "Not found",
                "There is no recipe 98.");
        MvcTestResult deleted = mvc.delete().uri("/api/recipes/1").exchange();
        assertThat(deleted).hasStatus(HttpStatus.ACCEPTED).headers().hasValue(HttpHeaders.LOCATION, "/api/cascades/event-1");
        assertThat(deleted).bodyJson().extractingPath("$.eventId").isEqualTo("event-1");
    }

    @Test
    void anIngredientForARecipeWhoseDeleteIsPendingIsA422NamingTheRelationship() {
        willThrow(Refusals.missingParent(INGREDIENTS_RECIPE, List.of(7))).given(recipes).addIngredient(eq(7L), any());

        MvcTestResult result = mvc.post().uri("/api/recipes/7/ingredients").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Salt\", \"quantity\": \"a pinch\"}").exchange();

        assertProblem(result, HttpStatus.UNPROCESSABLE_CONTENT, "Missing parent",
                "ingredients(recipe_id) = [7] must reference an existing row of recipes(id) (relationship ingredients_recipe)");
        assertThat(result).bodyJson().extractingPath("$.relationship").isEqualTo("ingredients_recipe");
    }

    @Test
    void anInvalidRecipeIsA400ListingEveryInvalidFieldOfItsIngredientsAndStepsAndNothingIsCreated() {
        MvcTestResult result = mvc.post().uri("/api/recipes").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \" \", \"ingredients\": [{\"name\": \"Salt\"}, {\"name\": \"\"}], \"steps\": [\"Stir\", \"\"]}")
                .exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid input", "'ingredients[1].name' must not be blank (got ''); "
                + "'name' must not be blank (got ' '); 'steps[1]' must not be blank (got '').");
        verifyNoInteractions(recipes);
    }

    @Test
    void anInvalidIngredientIsA400AndNothingIsAdded() {
        MvcTestResult result = mvc.post().uri("/api/recipes/7/ingredients").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Salt\", \"quantity\": \"" + "x".repeat(101) + "\"}").exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid input", "'quantity' size must be between 0 and 100");
        verifyNoInteractions(recipes);
    }

    @Test
    void aBadIdOrPageIsA400NamingTheParameter() {
        assertProblem(mvc.get().uri("/api/recipes/abc").exchange(), HttpStatus.BAD_REQUEST, "Invalid input",
                "'id' must be a long, got 'abc'.");
        assertProblem(mvc.get().uri("/api/recipes?size=1000").exchange(), HttpStatus.BAD_REQUEST, "Invalid input",
                "'size' must be less than or equal to 100");
        verifyNoInteractions(recipes);
    }
}
