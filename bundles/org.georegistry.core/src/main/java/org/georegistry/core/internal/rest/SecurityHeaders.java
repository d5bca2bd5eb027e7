package org.georegistry.core.internal.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;

/**
 * Headers every API answer carries, errors included (Jetty's own error answers too, see ProblemErrorHandler): no
 * MIME sniffing, no framing, no referrer, no caching of registry data or secrets by browsers and proxies. The API
 * serves JSON only, so the content security policy allows nothing at all.
 */
public final class SecurityHeaders implements ContainerResponseFilter {

    /** Header name to value. */
    public static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        HEADERS.forEach(headers::putSingle);
    }
}
