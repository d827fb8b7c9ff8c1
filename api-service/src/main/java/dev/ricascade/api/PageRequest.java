package dev.ricascade.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code ?page=0&size=20} on list endpoints, bound from the query string.
 *
 * @param page zero-based, default 0
 * @param size rows per page, 1 to 100, default 20
 */
public record PageRequest(@Min(0) Integer page, @Min(1) @Max(100) Integer size) {

    public PageRequest {
        page = page == null ? 0 : page;
        size = size == null ? 20 : size;
    }

    public long offset() {
        return (long) page * size;
    }

    /** One row more than the page holds, to tell whether another page follows. */
    public int fetchSize() {
        return size + 1;
    }
}
