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
 * (ImportsResource) and are left to it. Either way it keeps the body's stream under {@link #BODY} for
 * {@link UnreadBodyDrain}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodyLimitFilter implements ContainerRequestFilter {

    /** The request property holding the body's stream, as the container gave it (counted, never closed by Jersey). */
    static final String BODY = "georegistry.body";

    private final long maxBytes;

    BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean anImport = path.equals("imports") || path.equals("/imports");
        if (!anImport && request.getLength() > maxBytes) {
            request.abortWith(ProblemMapper.respond(tooLarge(maxBytes).problem()));
        } else if (request.hasEntity()) {
            Limited body = new Limited(request.getEntityStream(), anImport ? Long.MAX_VALUE : maxBytes);
            request.setProperty(BODY, body);
            request.setEntityStream(body);
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "Content Too Large", "Request bodies are limited to " + maxBytes + " bytes",
                List.of());
    }

    /**
     * Counts what is read and fails past the limit; unchecked so that JSON parsers pass it on unwrapped. Jersey
     * closes the entity stream once an entity is read or has failed; the container's stream stays open so that
     * what is left of the body can still be read (and dropped) by {@link UnreadBodyDrain}, and the container
     * closes it when the exchange ends.
     */
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

        @Override
        public void close() {
            // left to the container, see above
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
