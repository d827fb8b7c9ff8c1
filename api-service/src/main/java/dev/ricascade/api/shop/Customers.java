package dev.ricascade.api.shop;

import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.ConflictException;
import dev.ricascade.api.Inserts;
import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.cascades.ParentChanges;
import dev.ricascade.api.integrity.FreedValues;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.api.integrity.ReferenceGuard;

@Service
class Customers {

    private static final String INSERT = """
            INSERT INTO `customers` (`name`, `email`, `referred_by`) VALUES (?, ?, ?)""";
    private static final String FIND = """
            SELECT `id`, `name`, `email`, `referred_by` FROM `customers` WHERE `id` = ?""";
    private static final String LIST = """
            SELECT `id`, `name`, `email`, `referred_by` FROM `customers` ORDER BY `id` LIMIT ? OFFSET ?""";

    private final JdbcClient jdbc;
    private final ReferenceGuard guard;
    private final ParentChanges parentChanges;
    private final FreedValues freedValues;

    Customers(JdbcClient jdbc, ReferenceGuard guard, ParentChanges parentChanges, FreedValues freedValues) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.parentChanges = parentChanges;
        this.freedValues = freedValues;
    }

    @RetriedOnDeadlock
    @Transactional
    Customer create(String name, String email, Long referredBy) {
        guard.requireLiveParents("customers", referredBy == null ? Map.of() : Map.of("referred_by", referredBy));
        long id = Inserts.returningId(jdbc.sql(INSERT).param(name).param(email)
                .param(referredBy), duplicate -> duplicate(duplicate, name, email));
        freedValues.requireFree("customers", Map.of("id", id));
        return new Customer(id, name, email, referredBy);
    }

    Customer get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }

    Page<Customer> list(PageRequest page) {
        return Page.query(jdbc.sql(LIST), Customer.class, page);
    }

    /** @return the event id of the cascade that rewrites what references the old email, or null if it did not change */
    @RetriedOnDeadlock
    @Transactional
    String changeEmail(long id, String email) {
        try {
            return parentChanges.update("customers", Map.of("id", id), Map.of("email", email), "customer " + id);
        } catch (DuplicateKeyException e) {
            throw duplicate(e, null, email);
        }
    }

    String delete(long id) {
        return parentChanges.delete("customers", Map.of("id", id), "customer " + id);
    }

    private Optional<Customer> find(long id) {
        return jdbc.sql(FIND).param(id).query(Customer.class).optional();
    }

    private static ConflictException duplicate(DuplicateKeyException e, String name, String email) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("uk_customers_email")) {
            return new ConflictException("A customer with the email " + email + " already exists.");
        }
        if (message.contains("uk_customers_name")) {
            return new ConflictException("A customer named " + name + " already exists.");
        }
        return new ConflictException("The customer collides with an existing one: " + message);
    }

}
