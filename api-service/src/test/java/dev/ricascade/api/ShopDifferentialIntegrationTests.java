package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.api.InnoDbTwin.Outcome;
import dev.ricascade.api.InnoDbTwin.Verdict;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.testing.TestNamespace;

/**
 * The promise, end to end: the API and a fleet of real cleanup replicas on the shipped topology take a few hundred
 * random shop writes through HTTP, sent one after the other without waiting for any cascade, on natural keys
 * that are reused (a handful of e-mail addresses, in changing letter case). Each write is mirrored, in the order the
 * API answered it, on an InnoDB twin that declares the manifest's relationships as FOREIGN KEYs. Every write must be
 * judged alike (accepted by both, or refused by both: any 4xx); once every accepted cascade has finished, every
 * table must hold the same rows and the dead-letter queue must be empty.
 * <p>
 * A 409 with {@code Retry-After} (a write that must wait for a pending cascade) and a 503 are not answers: the write
 * is sent again until it gets one. A write the API refused is rolled back on the twin whatever InnoDB's verdict, so
 * that a misjudgement is reported once, not again as every difference it would cause later.
 * <p>
 * Replay a run with {@code -De2e.seed=<seed printed>}: the same choices, though the cascades' timing, and so some
 * answers, may differ. {@code -De2e.operations=N} changes the length (default 400). The run's log is also written
 * to {@code target/e2e-differential-<replicas>.txt}.
 */
@ApiIntegrationTest
class ShopDifferentialIntegrationTests {

    private static final int OPERATIONS = Integer.getInteger("e2e.operations", 400);
    private static final List<String> EMAILS = IntStream.range(0, 8).mapToObj(i -> "p" + i + "@x.org").toList();
    private static final List<String> TOPICS = List.of("news", "deals", "tips");
    private static final List<String> ITEMS = List.of("hammer", "nail", "saw", "glue", "tape");
    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(60);
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    TestNamespace namespace;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Manifest manifest;

    private ApiClient api;
    private Random random;
    private final List<String> log = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> events = new LinkedHashMap<>(); // event id -> the operation that started it
    private final Map<String, List<Long>> known = new LinkedHashMap<>(); // table -> every id the API handed out
    private int names;
    private int acceptedByBoth;

    @ParameterizedTest(name = "{0} cleanup replicas")
    @ValueSource(ints = {2, 3})
    void randomShopTrafficEndsAsInnoDbLeavesIt(int replicas) throws Exception {
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        System.out.println("ShopDifferentialIntegrationTests, " + replicas + " replicas: seed " + seed
                + " (replay with -De2e.seed=" + seed + ")");
        random = new Random(seed);
        api = new ApiClient(port);
        BrokerManagement broker = new BrokerManagement(namespace.broker());
        Map<String, String> settings = Map.of(
                "ricascade.exchange", namespace.exchange(),
                "ricascade.queue", namespace.queue(),
                "ricascade.sweep.cron", "-"); // the sweep is not under test, and must not repair in-flight rows
        CleanupFleet fleet = new CleanupFleet(namespace, settings);
        emptyTheServiceDatabase();
        broker.purge(fleet.queue()); // what an earlier run left, if it did not drain
        broker.purge(fleet.deadLetterQueue());
        try (InnoDbTwin twin = InnoDbTwin.create(namespace, "fk" + replicas, manifest); fleet) {
            fleet.start(replicas);
            for (int step = 1; step <= OPERATIONS && step(step, twin); step++) {
                // until every operation is sent, or one gets no final answer
            }
            if (acceptedByBoth < OPERATIONS / 4 || events.size() < OPERATIONS / 10) {
                problems.add("too little happened to judge: " + acceptedByBoth + " operations accepted by both, "
                        + events.size() + " cascades");
            }
            awaitDrained(fleet);
            compareTables(twin);
            deadLetters(broker, fleet);
        }
        String report = report(seed, replicas);
        Files.writeString(Path.of("target", "e2e-differential-" + replicas + ".txt"), report);
        System.out.println(report);
        assertThat(problems).as("%d replicas, seed %d (replay with -De2e.seed=%d); the run:%n%s", replicas, seed, seed,
                report).isEmpty();
    }

    // ---- one operation

    /** @return false when the operation got no final answer, after which nothing more is sent */
    private boolean step(int step, InnoDbTwin twin) {
        ShopOperation operation = next(twin);
        Answer answer = finalAnswer(operation);
        if (answer.response() == null || answer.response().status() >= 500) {
            String why = answer.response() == null ? "no final answer within " + ANSWER_PATIENCE + " and "
                    + answer.retries() + " retries" : "answered " + answer.response();
            log.add("%3d %s%n      API %s: sending stopped here".formatted(step, operation, why));
            problems.add("step " + step + " " + operation + ": " + why + "; operations stopped there");
            return false;
        }
        boolean accepted = answer.response().status() / 100 == 2;
        Outcome innoDb = twin.apply(db -> operation.mirror(db, answer.response(), jdbc), accepted);
        boolean alike = accepted == (innoDb.verdict() == Verdict.ACCEPTED);
        if (accepted) {
            remember(operation, answer.response());
            acceptedByBoth += alike ? 1 : 0;
        }
        String line = "%3d %s%n      API %s%s | InnoDB %s%s".formatted(step, operation, summary(answer.response()),
                answer.retries() == 0 ? "" : " after " + answer.retries() + " retries", innoDb.verdict(),
                innoDb.reason() == null ? "" : " (" + innoDb.reason() + ")");
        log.add(alike ? line : line + "\n      <-- judged differently");
        if (!alike) {
            problems.add("step " + step + " judged differently: " + operation + ": API " + summary(answer.response())
                    + ", InnoDB " + innoDb);
        }
        return true;
    }

    /** The last answer; its response is null when every one said to retry later. */
    private record Answer(Response response, int retries) {
    }

    /** Sends the operation until the answer is final: not a 409 that says to retry after a pending cascade, not a 503. */
    private Answer finalAnswer(ShopOperation operation) {
        int[] attempts = {0};
        try {
            Response response = await(operation + " answered").atMost(ANSWER_PATIENCE).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        attempts[0]++;
                        return operation.send(api);
                    }, r -> !retryLater(r));
            return new Answer(response, attempts[0] - 1);
        } catch (ConditionTimeoutException e) {
            return new Answer(null, attempts[0] - 1);
        }
    }

    private static boolean retryLater(Response response) {
        return response.status() == 503
                || response.status() == 409 && response.headers().getFirst("Retry-After") != null;
    }

    private void remember(ShopOperation operation, Response response) {
        if (operation instanceof ShopOperation.NewCustomer) {
            known("customers").add(response.number("id"));
        } else if (operation instanceof ShopOperation.NewOrder) {
            known("orders").add(response.number("number"));
        } else if (operation instanceof ShopOperation.NewItem) {
            known("items").add(response.number("id"));
        } else if (operation instanceof ShopOperation.NewRecipe) {
            known("recipes").add(response.number("id"));
        }
        if (response.status() == 202) {
            events.put(response.text("eventId"), operation.toString());
        }
    }

    private static String summary(Response response) {
        if (response.status() == 202) {
            return "202 event " + response.text("eventId");
        }
        if (response.status() == 201) {
            return "201 " + (response.body().has("number") ? "number " + response.text("number") : "id " + response.text("id"));
        }
        if (response.status() / 100 == 2) {
            return String.valueOf(response.status());
        }
        return response.status() + " " + response.text("detail");
    }

    // ---- random operations on reused natural keys

    private ShopOperation next(InnoDbTwin twin) {
        int roll = random.nextInt(100);
        if (roll < 14) {
            return new ShopOperation.NewCustomer("customer " + ++names, email(),
                    random.nextInt(10) < 3 ? pick(twin, "customers") : null);
        }
        if (roll < 28) {
            long customer = pick(twin, "customers");
            String current = twin.jdbc().sql("SELECT email FROM customers WHERE id = ?").param(customer)
                    .query(String.class).optional().orElse(null);
            return new ShopOperation.ChangeEmail(customer, current != null && random.nextInt(10) < 4 ? recase(current) : email());
        }
        if (roll < 38) {
            return new ShopOperation.DeleteCustomer(pick(twin, "customers"));
        }
        if (roll < 54) {
            return new ShopOperation.Subscribe(email(), TOPICS.get(random.nextInt(TOPICS.size())));
        }
        if (roll < 66) {
            return new ShopOperation.NewOrder(pick(twin, "customers"));
        }
        if (roll < 82) {
            return new ShopOperation.AddLine(pick(twin, "orders"), ITEMS.get(random.nextInt(ITEMS.size())), random.nextInt(5) + 1);
        }
        if (roll < 88) {
            return new ShopOperation.NewItem(ITEMS.get(random.nextInt(ITEMS.size())),
                    BigDecimal.valueOf(random.nextInt(2_000) + 100, 2));
        }
        if (roll < 94) {
            return new ShopOperation.DeleteItem(pick(twin, "items"));
        }
        if (roll < 98) {
            return new ShopOperation.NewRecipe("recipe " + ++names,
                    IntStream.range(0, random.nextInt(3)).mapToObj(i -> "ingredient " + i).toList(),
                    IntStream.range(0, random.nextInt(3)).mapToObj(i -> "step " + i).toList());
        }
        return new ShopOperation.DeleteRecipe(pick(twin, "recipes"));
    }

    /** One of the few addresses, in its own letter case or another. */
    private String email() {
        String email = EMAILS.get(random.nextInt(EMAILS.size()));
        return random.nextBoolean() ? email : recase(email);
    }

    /** The same address with each letter's case drawn at random: the collation sees the same value. */
    private String recase(String email) {
        StringBuilder text = new StringBuilder();
        for (char c : email.toCharArray()) {
            text.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return text.toString();
    }

    /** Mostly a row that exists on the twin; sometimes any id the API handed out, gone or not, or one never used. */
    private long pick(InnoDbTwin twin, String table) {
        List<Long> live = twin.jdbc().sql("SELECT id FROM `" + table + "` ORDER BY id").query(Long.class).list();
        List<Long> handedOut = known(table);
        if (!live.isEmpty() && random.nextInt(100) < 85) {
            return live.get(random.nextInt(live.size()));
        }
        return handedOut.isEmpty() || random.nextInt(10) == 0 ? 1_000_000 + random.nextInt(10)
                : handedOut.get(random.nextInt(handedOut.size()));
    }

    private List<Long> known(String table) {
        return known.computeIfAbsent(table, t -> new ArrayList<>());
    }

    // ---- the end

    /** Waits until the cascade of every accepted event has finished (done or failed). */
    private void awaitDrained(CleanupFleet fleet) {
        Map<String, JsonNode> unfinished = new LinkedHashMap<>();
        events.keySet().forEach(id -> unfinished.put(id, null));
        try {
            await("every cascade finished").atMost(DRAIN_PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        unfinished.replaceAll((id, last) -> api.get("/api/cascades/" + id).body());
                        unfinished.values().removeIf(status -> List.of("done", "failed").contains(status.path("state").asString()));
                        return unfinished.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            unfinished.forEach((id, status) -> problems.add("cascade not finished after " + DRAIN_PATIENCE + " (" + fleet.size()
                    + " replicas): " + events.get(id) + ": " + status));
        }
        for (String id : events.keySet()) {
            JsonNode status = api.get("/api/cascades/" + id).body();
            if (!"done".equals(status.path("state").asString()) && !unfinished.containsKey(id)) {
                problems.add("cascade " + status.path("state").asString() + ": " + events.get(id) + ": " + status.path("detail").asString());
            }
            if (status.path("relationships").findValues("violations").stream().anyMatch(v -> v.asLong() > 0)) {
                problems.add("cascade reports violations: " + events.get(id) + ": " + status);
            }
        }
    }

    private void compareTables(InnoDbTwin twin) {
        for (String table : twin.tables()) {
            List<String> expected = twin.rows(twin.jdbc(), table);
            List<String> actual = twin.rows(jdbc, table);
            if (!actual.equals(expected)) {
                problems.add("table " + table + " differs (" + expected.size() + " rows in InnoDB, " + actual.size()
                        + " in the service's database): " + InnoDbTwin.difference(expected, actual));
            }
        }
    }

    private void deadLetters(BrokerManagement broker, CleanupFleet fleet) {
        for (JsonNode message : broker.peek(fleet.deadLetterQueue(), 500)) {
            JsonNode headers = message.path("properties").path("headers");
            problems.add("dead letter in " + fleet.deadLetterQueue() + ": " + headers.path("x-ricascade-reason").asString()
                    + " (" + headers.path("x-ricascade-exception").asString() + "): " + message.path("payload").asString());
        }
    }

    private void emptyTheServiceDatabase() {
        List<String> tables = jdbc.sql("""
                SELECT TABLE_NAME FROM information_schema.TABLES
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'flyway_schema_history'""")
                .query(String.class).list();
        tables.forEach(table -> jdbc.sql("TRUNCATE TABLE `" + table + "`").update());
    }

    private String report(long seed, int replicas) {
        return "ShopDifferentialIntegrationTests, %d replicas, seed %d: %d operations, %d accepted by both, %d cascades%n%s%n%s%n"
                .formatted(replicas, seed, log.size(), acceptedByBoth, events.size(), String.join("\n", log),
                problems.isEmpty() ? "no differences" : "PROBLEMS (" + problems.size() + "):\n" + String.join("\n",
                        problems.stream().map(p -> "- " + p).toList()));
    }
}
