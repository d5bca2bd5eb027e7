package org.georegistry.core.internal.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.rest.ApiException;

/**
 * The authenticated user of a request and the checks every resource makes: SRA acts everywhere; everyone else
 * only within their own organization, reading with any role, changing objects with RA/RM and the organization's
 * metadata (types, hierarchies, classifications, users) with RA.
 */
public record Caller(User user) implements Principal {

    @Override
    public String getName() {
        return user.username();
    }

    /** The caller of a request; the filter guarantees one on every authenticated path. */
    public static Caller of(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new ApiException(401, "Unauthorized", "Authentication required", java.util.List.of());
    }

    public boolean isSra() {
        return user.isSra();
    }

    /** The organization the caller is limited to; null for SRA. */
    public String scope() {
        return isSra() ? null : user.organization();
    }

    public boolean canRead(String organization) {
        return isSra() || (organization != null && organization.equals(user.organization()));
    }

    /** 404 rather than 403 for another organization's things: their existence is not the caller's business. */
    public void requireRead(String organization, String what) {
        if (!canRead(organization)) {
            throw ApiException.notFound(what + " does not exist");
        }
    }

    public void requireAdmin(String organization, String what) {
        requireRead(organization, what);
        if (!isSra() && !user.has(Role.RA)) {
            throw ApiException.forbidden("Changing " + what + " needs the Registry Administrator role");
        }
    }

    public void requireEditObjects(String organization, String what) {
        requireRead(organization, what);
        if (user.roles().stream().noneMatch(Role::editsObjects)) {
            throw ApiException.forbidden("Changing " + what + " needs the Registry Maintainer or Administrator role");
        }
    }

    public void requireSra(String what) {
        if (!isSra()) {
            throw ApiException.forbidden(what + " needs the System Administrator role");
        }
    }
}
