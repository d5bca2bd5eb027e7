package org.georegistry.core.internal.rest;

/** Checks {@code ?page&pageSize} of a collection request. */
public final class Paging {

    public static final int MAX_PAGE_SIZE = 1000;

    private Paging() {}

    public static void check(int page, int pageSize) {
        Checks checks = new Checks();
        if (page < 1) {
            checks.error("page", "Must be 1 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            checks.error("pageSize", "Must be between 1 and " + MAX_PAGE_SIZE);
        }
        checks.done();
    }
}
