package dev.ricascade.api.shop;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.ConflictException;
import dev.ricascade.api.Inserts;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.api.cascades.ParentChanges;

@Service
class Items {

    private static final String INSERT = """
            INSERT INTO `items` (`name`, `price`) VALUES (?, ?)""";
    private static final String FIND = """
            SELECT `id`, `name`, `price` FROM `items` WHERE `id` = ?""";
    private static final String LIST = """
            SELECT `id`, `name`, `price` FROM `items` ORDER BY `id` LIMIT ? OFFSET ?""";

    private final JdbcClient jdbc;
    private final ParentChanges parentChanges;

    Items(JdbcClient jdbc, ParentChanges parentChanges) {
        this.jdbc = jdbc;
        this.parentChanges = parentChanges;
    }

    @RetriedOnDeadlock
    @Transactional
    Item create(String name, BigDecimal price) {
        long id = Inserts.returningId(jdbc.sql(INSERT).param(name).param(price),
                duplicate -> new ConflictException("An item named " + name + " already exists."));
        return new Item(id, name, price);
    }

    Item get(long id) {
        return jdbc.sql(FIND).param(id).query(Item.class).optional()
                .orElseThrow(() -> new NotFoundException("There is no item " + id + "."));
    }

    Page<Item> list(PageRequest page) {
        return Page.query(jdbc.sql(LIST), Item.class, page);
    }

    String delete(long id) {
        return parentChanges.delete("items", Map.of("id", id), "item " + id);
    }
}
