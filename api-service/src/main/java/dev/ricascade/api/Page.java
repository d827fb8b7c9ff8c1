package dev.ricascade.api;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of a list.
 *
 * @param content the rows on this page
 * @param page    zero-based page number
 * @param size    the page size asked for
 * @param hasNext whether another page follows
 */
public record Page<T>(List<T> content, int page, int size, boolean hasNext) {

    /** Rows fetched with {@link PageRequest#fetchSize()}: the extra row only says that more follow. */
    public static <T> Page<T> of(List<T> fetched, PageRequest request) {
        boolean hasNext = fetched.size() > request.size();
        return new Page<>(hasNext ? fetched.subList(0, request.size()) : fetched, request.page(), request.size(), hasNext);
    }

    /**
     * Runs a query that ends in {@code LIMIT ? OFFSET ?}, its other placeholders bound already, for the requested
     * page, its rows mapped to type.
     */
    public static <T> Page<T> query(JdbcClient.StatementSpec query, Class<T> type, PageRequest request) {
        return of(query.param(request.fetchSize()).param(request.offset()).query(type).list(), request);
    }
}
