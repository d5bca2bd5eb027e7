package org.georegistry.core.internal.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Refuses bodies above the configured size with 413: a declared length before anything reads the body, and a
 * chunked body (no length) as soon as reading passes the limit. Imports have their own, configurable, limit
 * (ImportsResource) and are left to it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;

    BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("imports") || path.equals("/imports")) {
            return;
        }
        if (request.getLength() > maxBytes) {
            request.abortWith(ProblemMapper.respond(tooLarge(maxBytes).problem()));
        } else if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "Content Too Large", "Request bodies are limited to " + maxBytes + " bytes",
                List.of());
    }

    /** Counts what is read and fails past the limit; unchecked so that JSON parsers pass it on unwrapped. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
