package org.georegistry.core.internal.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops what is left of a request body the answer did not need (the JSON parser stopped at the first
 * fault, the request was refused before its body was read), up to the body limit, before the answer goes out.
 * Otherwise Jetty closes the connection with those bytes unread, the kernel answers the client's next bytes with a
 * reset, and a client that had not yet read the answer loses it: of 200 bodies of 1.2 MB nested too deep, sent 8 at
 * a time, 30 got no answer at all instead of their 400 ("header parser received no bytes"). A body too large
 * to drain (413, or past the limit) is left unread, and the answer says {@code Connection: close}: Jetty closes
 * that connection anyway, and a client told so does not send its next request on it.
 */
final class UnreadBodyDrain implements ContainerResponseFilter {

    private final long maxBytes;

    UnreadBodyDrain(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean unread = response.getStatus() == 413
                || request.getProperty(BodyLimitFilter.BODY) instanceof InputStream body && !drained(body, maxBytes);
        if (unread) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /**
     * Reads up to {@code max} bytes and drops them; true when the body ended within them, false when it is longer,
     * passed its own limit (BodyLimitFilter) or the client went away.
     */
    static boolean drained(InputStream in, long max) {
        byte[] buffer = new byte[16 * 1024];
        long read = 0;
        try {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, max - read + 1))) >= 0) {
                read += n;
                if (read > max) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }
}
