package dev.ricascade.api.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.Inserts;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.integrity.MissingParentException;
import dev.ricascade.api.integrity.ReferenceGuard;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.sql.SqlText;

@Service
class Orders {

    private static final String INSERT = """
            INSERT INTO `orders` (`customer_id`) VALUES (?)""";
    private static final String EXISTS = """
            SELECT COUNT(*) FROM `orders` WHERE `id` = ?""";
    private static final String ITEM_BY_NAME = """
            SELECT `id` FROM `items` WHERE `name` = ?""";
    private static final String ADD_TO_LINE = """
            UPDATE `order_lines` SET `quantity` = `quantity` + ? WHERE `order_id` = ? AND `item_id` = ?""";
    private static final String INSERT_LINE = """
            INSERT INTO `order_lines` (`order_id`, `item_id`, `quantity`) VALUES (?, ?, ?)""";
    private static final String PAGE = """
            SELECT `id`, `customer_id`, `created_at` FROM `orders` %s ORDER BY `id` LIMIT ? OFFSET ?""";
    private static final String LINES = """
            SELECT l.`order_id`, i.`name`, l.`item_id`, l.`quantity`, i.`price`
            FROM `order_lines` l LEFT JOIN `items` i ON i.`id` = l.`item_id`
            WHERE l.`order_id` IN (%s) ORDER BY l.`order_id`, i.`name`""";
    private static final String TOTAL = """
            SELECT COALESCE(SUM(l.`quantity` * i.`price`), 0) FROM `order_lines` l JOIN `items` i ON i.`id` = l.`item_id`
            WHERE l.`order_id` = ?""";

    private final JdbcClient jdbc;
    private final ReferenceGuard guard;

    Orders(JdbcClient jdbc, ReferenceGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    /** @return the new order's number */
    @RetriedOnDeadlock
    @Transactional
    long create(long customerId) {
        guard.requireLiveParents("orders", Map.of("customer_id", customerId));
        return Inserts.returningId(jdbc.sql(INSERT).param(customerId));
    }

    @RetriedOnDeadlock
    @Transactional
    void addLine(long number, String itemName, int quantity) {
        requireExists(number);
        Long itemId = jdbc.sql(ITEM_BY_NAME).param(itemName).query(Long.class).optional()
                .orElseThrow(() -> new UnknownItemException(itemName));
        guard.requireLiveParents("order_lines", Map.of("order_id", number, "item_id", itemId));
        if (addTo(number, itemId, quantity) == 0) {
            try {
                jdbc.sql(INSERT_LINE).param(number).param(itemId).param(quantity).update();
            } catch (DuplicateKeyException raced) {
                addTo(number, itemId, quantity);
            }
        }
    }

    Order get(long number) {
        List<Order> orders = page("WHERE `id` = ?", List.of(number), new PageRequest(0, 1)).content();
        if (orders.isEmpty()) {
            throw new NotFoundException("There is no order " + number + ".");
        }
        return orders.get(0);
    }

    Page<Order> list(Long customerId, PageRequest page) {
        return customerId == null ? page("", List.of(), page)
                : page("WHERE `customer_id` = ?", List.of(customerId), page);
    }

    BigDecimal total(long number) {
        requireExists(number);
        return jdbc.sql(TOTAL).param(number).query(BigDecimal.class).single();
    }

    private int addTo(long number, long itemId, int quantity) {
        return jdbc.sql(ADD_TO_LINE).param(quantity).param(number).param(itemId).update();
    }

    private void requireExists(long number) {
        if (jdbc.sql(EXISTS).param(number).query(Long.class).single() == 0) {
            throw new NotFoundException("There is no order " + number + ".");
        }
    }

    private Page<Order> page(String where, List<Object> params, PageRequest page) {
        List<Order> heads = jdbc.sql(PAGE.formatted(where)).params(params)
                .param(page.fetchSize()).param(page.offset())
                .query((rs, n) -> new Order(rs.getLong("id"), rs.getLong("customer_id"),
                        rs.getTimestamp("created_at").toInstant(), List.of()))
                .list();
        if (heads.isEmpty()) {
            return Page.of(heads, page);
        }
        Map<Long, List<Order.Line>> lines = new LinkedHashMap<>();
        jdbc.sql(LINES.formatted(SqlText.placeholders(heads.size()))).params(heads.stream().map(Order::number).toList())
                .query((rs, n) -> lines.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>())
                        .add(new Order.Line(rs.getString("name"), rs.getLong("item_id"), rs.getInt("quantity"),
                                rs.getBigDecimal("price"))))
                .list();
        return Page.of(heads.stream().map(o -> new Order(o.number(), o.customerId(), o.createdAt(),
                lines.getOrDefault(o.number(), List.of()))).toList(), page);
    }

    /** The line names an item that does not exist: the order line would reference a missing parent. 422. */
    static class UnknownItemException extends MissingParentException {
        UnknownItemException(String name) {
            super("There is no item named '" + name + "'; create it first (POST /api/items).");
        }
    }
}
