package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AbstractExchange;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;

import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.events.EventHeaders;

/**
 * The RabbitMQ definitions docker compose imports at boot must declare exactly what the cleanup
 * service declares, argument for argument (its topology beans, bound from compose's environment): a queue that exists with other arguments makes the
 * service's own declaration fail with PRECONDITION_FAILED, and the service never starts.
 */
class RabbitDefinitionsTests {

    private final Map<String, String> variables = DeploymentFiles.envExample();
    private final Map<String, Object> compose = DeploymentFiles.compose(variables);
    private final Map<String, Object> definitions = DeploymentFiles.asMap(JsonMapper.builder().build().readValue(
            String.valueOf(map(compose, "configs", "rabbitmq-definitions").get("content")), Map.class), "definitions");

    @Test
    void theBrokerImportsTheDefinitionsAtBoot() {
        String conf = String.valueOf(map(compose, "configs", "rabbitmq-conf").get("content"));
        List<Object> mounted = DeploymentFiles.list(map(compose, "services", "rabbitmq").get("configs"), "configs");
        assertThat(mounted).contains(Map.of("source", "rabbitmq-definitions", "target", "/etc/rabbitmq/definitions.json"));
        assertThat(conf).contains("load_definitions = /etc/rabbitmq/definitions.json");
    }

    @Test
    void theBrokerRunsTheConsistentHashExchangeThatTheShardsSitBehind() {
        List<Object> mounted = DeploymentFiles.list(map(compose, "services", "rabbitmq").get("configs"), "configs");
        assertThat(mounted).contains(Map.of("source", "rabbitmq-plugins", "target", "/etc/rabbitmq/enabled_plugins"));
        String plugins = String.valueOf(map(compose, "configs", "rabbitmq-plugins").get("content")).strip();
        assertThat(plugins).as("an Erlang list, ended by a full stop")
                .startsWith("[").endsWith("].")
                .contains("rabbitmq_consistent_hash_exchange", "rabbitmq_management");
        assertThat(section("exchanges")).anySatisfy(exchange -> assertThat(exchange)
                .containsEntry("type", "x-consistent-hash")
                .containsEntry("arguments", Map.of("hash-header", EventHeaders.ORDER_KEY)));
    }

    @Test
    void definitionsDeclareExactlyWhatTheCleanupServiceDeclares() {
        CleanupTopology.from(CleanupTopology.composeEnvironment()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CleanupProperties.class).manifest().getDescription())
                    .as("bound from compose's environment").contains("/config/relationships.yml");
            List<Declarable> declared = new ArrayList<>(context.getBeansOfType(Declarable.class).values());
            context.getBeansOfType(Declarables.class).values().forEach(d -> declared.addAll(d.getDeclarables()));

            assertThat(section("exchanges")).containsExactlyInAnyOrderElementsOf(declared.stream()
                    .filter(AbstractExchange.class::isInstance).map(AbstractExchange.class::cast)
                    .map(RabbitDefinitionsTests::definition).toList());
            assertThat(section("queues")).containsExactlyInAnyOrderElementsOf(declared.stream()
                    .filter(Queue.class::isInstance).map(Queue.class::cast)
                    .map(RabbitDefinitionsTests::definition).toList());
            assertThat(section("bindings")).containsExactlyInAnyOrderElementsOf(declared.stream()
                    .filter(Binding.class::isInstance).map(Binding.class::cast)
                    .map(RabbitDefinitionsTests::definition).toList());
        });
    }

    @Test
    void theServicesAccountMayUseEveryNameAndThereIsNoGuest() {
        String user = variables.get("RABBITMQ_USER");
        List<String> names = new ArrayList<>();
        section("exchanges").forEach(e -> names.add(String.valueOf(e.get("name"))));
        section("queues").forEach(q -> names.add(String.valueOf(q.get("name"))));
        Map<String, Object> permission = section("permissions").stream().filter(p -> user.equals(p.get("user"))).findFirst()
                .orElseThrow(() -> new AssertionError("no permissions for " + user));
        for (String access : List.of("configure", "write", "read")) {
            Pattern pattern = Pattern.compile(String.valueOf(permission.get(access)));
            assertThat(names).as("%s may %s all of them (%s)", user, access, pattern)
                    .allMatch(n -> pattern.matcher(n).find());
        }
        assertThat(section("users")).extracting(u -> u.get("name"))
                .containsExactlyInAnyOrder(user, variables.get("RABBITMQ_ADMIN_USER")).doesNotContain("guest");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> section(String name) {
        return (List<Map<String, Object>>) definitions.get(name);
    }

    private static Map<String, Object> definition(AbstractExchange exchange) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", exchange.getName());
        d.put("vhost", "/");
        d.put("type", exchange.getType());
        d.put("durable", exchange.isDurable());
        d.put("auto_delete", exchange.isAutoDelete());
        d.put("internal", exchange.isInternal());
        d.put("arguments", exchange.getArguments());
        return d;
    }

    private static Map<String, Object> definition(Queue queue) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", queue.getName());
        d.put("vhost", "/");
        d.put("durable", queue.isDurable());
        d.put("auto_delete", queue.isAutoDelete());
        d.put("arguments", queue.getArguments());
        return d;
    }

    private static Map<String, Object> definition(Binding binding) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", binding.getExchange());
        d.put("vhost", "/");
        d.put("destination", binding.getDestination());
        d.put("destination_type", binding.getDestinationType().name().toLowerCase(Locale.ROOT));
        d.put("routing_key", binding.getRoutingKey());
        d.put("arguments", binding.getArguments());
        return d;
    }
}
