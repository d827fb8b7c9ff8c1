package dev.ricascade.api;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiClient.Response;

/**
 * One write a client sends the API, and the same write as plain SQL on the InnoDB twin. {@link #mirror} gets the
 * API's final answer and the service's database only for what the API generated (ids, timestamps) when it accepted;
 * when it refused, the twin's statement lets the database generate them.
 */
sealed interface ShopOperation {

    Response send(ApiClient api);

    /** @return false when the twin found no row to act on (what the API answers with 404) */
    boolean mirror(JdbcClient twin, Response answer, JdbcClient service);

    private static Long id(Response answer, String field) {
        return answer.status() / 100 == 2 ? answer.number(field) : null;
    }

    record NewCustomer(String name, String email, Long referredBy) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.post("/api/customers", """
                    {"name": "%s", "email": "%s", "referredBy": %s}""".formatted(name, email, referredBy));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            twin.sql("INSERT INTO customers (id, name, email, referred_by) VALUES (?, ?, ?, ?)")
                    .params(id(answer, "id"), name, email, referredBy).update();
            return true;
        }
    }

    record ChangeEmail(long customer, String email) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.put("/api/customers/" + customer + "/email", """
                    {"email": "%s"}""".formatted(email));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            return twin.sql("UPDATE customers SET email = ? WHERE id = ?").params(email, customer).update() > 0;
        }
    }

    record DeleteCustomer(long customer) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.delete("/api/customers/" + customer);
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            return twin.sql("DELETE FROM customers WHERE id = ?").param(customer).update() > 0;
        }
    }

    record Subscribe(String email, String topic) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.post("/api/newsletter-subscriptions", """
                    {"email": "%s", "topic": "%s"}""".formatted(email, topic));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            twin.sql("INSERT INTO newsletter_subscriptions (id, customer_email, topic) VALUES (?, ?, ?)")
                    .params(id(answer, "id"), email, topic).update();
            return true;
        }
    }

    record NewOrder(long customer) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.post("/api/orders", """
                    {"customerId": %d}""".formatted(customer));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            Long number = id(answer, "number");
            String createdAt = number == null ? null : service.sql("SELECT CAST(created_at AS CHAR) FROM orders WHERE id = ?")
                    .param(number).query(String.class).optional().orElse(null);
            twin.sql("INSERT INTO orders (id, customer_id, created_at) VALUES (?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))")
                    .params(number, customer, createdAt).update();
            return true;
        }
    }

    record AddLine(long order, String item, int quantity) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.post("/api/orders/" + order + "/lines", """
                    {"item": "%s", "quantity": %d}""".formatted(item, quantity));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            Long itemId = twin.sql("SELECT id FROM items WHERE name = ?").param(item).query(Long.class).optional().orElse(null);
            if (itemId == null) {
                return false;
            }
            if (twin.sql("UPDATE order_lines SET quantity = quantity + ? WHERE order_id = ? AND item_id = ?")
                    .params(quantity, order, itemId).update() == 0) {
                twin.sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, ?, ?)")
                        .params(order, itemId, quantity).update();
            }
            return true;
        }
    }

    record NewItem(String name, BigDecimal price) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.post("/api/items", """
                    {"name": "%s", "price": %s}""".formatted(name, price.toPlainString()));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            twin.sql("INSERT INTO items (id, name, price) VALUES (?, ?, ?)").params(id(answer, "id"), name, price).update();
            return true;
        }
    }

    record DeleteItem(long item) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.delete("/api/items/" + item);
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            return twin.sql("DELETE FROM items WHERE id = ?").param(item).update() > 0;
        }
    }

    /** A recipe with its ingredients and steps; the twin copies the ids the service's database gave them. */
    record NewRecipe(String name, List<String> ingredients, List<String> steps) implements ShopOperation {
        public Response send(ApiClient api) {
            String ingredientList = String.join(", ", ingredients.stream()
                    .map(i -> "{\"name\": \"%s\", \"quantity\": \"1\"}".formatted(i)).toList());
            String stepList = String.join(", ", steps.stream().map(s -> "\"" + s + "\"").toList());
            return api.post("/api/recipes", """
                    {"name": "%s", "ingredients": [%s], "steps": [%s]}""".formatted(name, ingredientList, stepList));
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            Long recipe = id(answer, "id");
            twin.sql("INSERT INTO recipes (id, name) VALUES (?, ?)").params(recipe, name).update();
            long id = recipe == null ? twin.sql("SELECT LAST_INSERT_ID()").query(Long.class).single() : recipe;
            for (int i = 0; i < ingredients.size(); i++) {
                twin.sql("INSERT INTO ingredients (id, recipe_id, position, name, quantity) VALUES (?, ?, ?, ?, '1')")
                        .params(generated(service, recipe, "ingredients", i + 1), id, i + 1, ingredients.get(i)).update();
            }
            for (int i = 0; i < steps.size(); i++) {
                twin.sql("INSERT INTO steps (id, recipe_id, position, instruction) VALUES (?, ?, ?, ?)")
                        .params(generated(service, recipe, "steps", i + 1), id, i + 1, steps.get(i)).update();
            }
            return true;
        }

        private static Long generated(JdbcClient service, Long recipe, String table, int position) {
            return recipe == null ? null : service.sql("SELECT id FROM " + table + " WHERE recipe_id = ? AND position = ?")
                    .params(recipe, position).query(Long.class).optional().orElse(null);
        }
    }

    record DeleteRecipe(long recipe) implements ShopOperation {
        public Response send(ApiClient api) {
            return api.delete("/api/recipes/" + recipe);
        }

        public boolean mirror(JdbcClient twin, Response answer, JdbcClient service) {
            return twin.sql("DELETE FROM recipes WHERE id = ?").param(recipe).update() > 0;
        }
    }
}
