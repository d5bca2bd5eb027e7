package org.georegistry.core.internal.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.georegistry.core.internal.rest.Problem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Authenticates every request but {@code GET /api/health}: Basic or Bearer, else 401 with a problem body and a
 * {@code WWW-Authenticate} challenge. Resources that need a caller select this extension by name so they are never
 * served without it.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName(AuthFilter.NAME)
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {

    public static final String NAME = "georegistry.auth";
    /** Extension select filter for resources that need authentication. */
    public static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";
    static final String CHALLENGE = "Basic realm=\"georegistry\", Bearer realm=\"georegistry\"";
    /**
     * The challenge for scripts ({@code X-Requested-With: XMLHttpRequest}, as the web console sends): without
     * {@code Basic}, so a browser shows the page's own login form instead of its native password dialog.
     */
    static final String SCRIPT_CHALLENGE = "Bearer realm=\"georegistry\"";

    private final Authenticator authenticator;

    @Activate
    public AuthFilter(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Where the request comes from, for the login limit; a proxy injected by Jersey per request. */
    @Context
    private HttpServletRequest servletRequest;

    private String clientAddress() {
        try {
            return servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        } catch (IllegalStateException outsideRequest) {
            return "unknown";
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ("GET".equals(request.getMethod()) && (path.equals("health") || path.equals("/health"))) {
            return;
        }
        Authenticator.Outcome outcome = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                clientAddress());
        if (outcome instanceof Authenticator.Outcome.Throttled throttled) {
            request.abortWith(Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, throttled.retryAfterSeconds())
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(429, "Too Many Requests", "Too many failed logins; try again in "
                            + throttled.retryAfterSeconds() + " s"))
                    .build());
            return;
        }
        if (!(outcome instanceof Authenticator.Outcome.Authenticated authenticated)) {
            Problem problem = Problem.of(401, "Unauthorized",
                    "Send HTTP Basic credentials or an API token (Authorization: Bearer <token>)");
            request.abortWith(Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge(request))
                    .type(Problem.MEDIA_TYPE)
                    .entity(problem)
                    .build());
            return;
        }
        Caller caller = new Caller(authenticated.user());
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.user().roles().stream().anyMatch(r -> r.name().equals(role));
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }

    static String challenge(ContainerRequestContext request) {
        return "XMLHttpRequest".equalsIgnoreCase(request.getHeaderString("X-Requested-With")) ? SCRIPT_CHALLENGE
                : CHALLENGE;
    }
}
