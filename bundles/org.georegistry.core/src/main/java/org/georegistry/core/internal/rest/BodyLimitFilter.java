package org.georegistry.core.internal.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;

/**
 * Refuses declared bodies above {@value #MAX_BYTES} bytes with 413 before anything reads them. Imports have
 * their own, configurable, limit (ImportsResource) and are left to it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodyLimitFilter implements ContainerRequestFilter {

    static final long MAX_BYTES = 10L * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (request.getLength() > MAX_BYTES && !(path.equals("imports") || path.equals("/imports"))) {
            request.abortWith(ProblemMapper.respond(Problem.of(413, "Content Too Large",
                    "Request bodies are limited to " + MAX_BYTES + " bytes", List.of())));
        }
    }
}
