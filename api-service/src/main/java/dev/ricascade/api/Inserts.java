package dev.ricascade.api;

import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** INSERTs of one row whose id the database generates (AUTO_INCREMENT). */
public final class Inserts {

    /** Runs the insert and returns the new row's id. */
    public static long returningId(JdbcClient.StatementSpec insert) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        insert.update(key);
        return key.getKey().longValue();
    }

    /**
     * @param onDuplicate what a duplicate unique key means to the client, such as a {@link ConflictException}
     *                    that names the value taken
     */
    public static long returningId(JdbcClient.StatementSpec insert,
                                   Function<DuplicateKeyException, ? extends RuntimeException> onDuplicate) {
        try {
            return returningId(insert);
        } catch (DuplicateKeyException e) {
            throw onDuplicate.apply(e);
        }
    }

    private Inserts() {
    }
}
