package org.georegistry.core.internal.store;

import java.util.List;

/** One page of a listing, as the API answers collections: {@code {items, page, pageSize, total}}. */
public record Paged<T>(List<T> items, int page, int pageSize, long total) {

    public Paged {
        items = List.copyOf(items);
    }

    /** The row offset of a 1-based page. */
    static long offset(int page, int pageSize) {
        return (long) (page - 1) * pageSize;
    }
}
