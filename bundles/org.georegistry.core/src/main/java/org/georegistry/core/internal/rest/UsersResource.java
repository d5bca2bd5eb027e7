package org.georegistry.core.internal.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Authenticator;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.auth.Passwords;
import org.georegistry.core.internal.model.ApiToken;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.UserStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/users} and their API tokens, and {@code GET /api/me}. SRA manages everyone; RA the users of their
 * organization (never SRA); everyone lists, creates and revokes their own tokens.
 */
@Component(service = UsersResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class UsersResource {

    /** A user to create or update; the password is optional on update. */
    public record UserInput(String username, String password, String organization, Set<Role> roles) {}

    /** A token to create. */
    public record TokenInput(String name) {}

    /** A created token: the only time its secret is shown. */
    public record CreatedToken(long id, String name, Instant created, String token) {}

    private final UserStore users;
    private final Storage storage;
    private final Authenticator authenticator;

    @Activate
    public UsersResource(@Reference Storage storage, @Reference Authenticator authenticator) {
        this.storage = storage;
        this.users = storage.users();
        this.authenticator = authenticator;
    }

    @GET
    @Path("me")
    public User me(@Context SecurityContext sc) {
        return Caller.of(sc).user();
    }

    @GET
    @Path("users")
    public List<User> list(@Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        if (!caller.isSra() && !caller.user().has(Role.RA)) {
            throw ApiException.forbidden("Listing users needs the Registry Administrator role");
        }
        return users.list(caller.scope());
    }

    @GET
    @Path("users/{id}")
    public User get(@Context SecurityContext sc, @PathParam("id") long id) {
        return visible(Caller.of(sc), id);
    }

    @POST
    @Path("users")
    public Response create(@Context SecurityContext sc, UserInput in) {
        Caller caller = Caller.of(sc);
        Checks checks = new Checks().code("username", in == null ? null : in.username());
        if (in == null) {
            checks.done();
        }
        checkPassword(checks, in.password(), true);
        checkRoles(caller, checks, in);
        checks.done();
        User created = users.create(in.username(), Passwords.hash(in.password()), organization(in), in.roles());
        return Response.status(201).entity(created).build();
    }

    @PUT
    @Path("users/{id}")
    public User update(@Context SecurityContext sc, @PathParam("id") long id, UserInput in) {
        Caller caller = Caller.of(sc);
        User existing = visible(caller, id);
        Checks checks = new Checks();
        if (in == null) {
            checks.error("", "A body is required").done();
        }
        if (in.username() != null && !in.username().equals(existing.username())) {
            checks.error("username", "Cannot be changed");
        }
        checkPassword(checks, in.password(), false);
        checkRoles(caller, checks, in);
        checks.done();
        users.update(id, organization(in), in.roles(), in.password() == null ? null : Passwords.hash(in.password()));
        authenticator.forget();
        return users.get(id).orElseThrow();
    }

    @DELETE
    @Path("users/{id}")
    public Response delete(@Context SecurityContext sc, @PathParam("id") long id) {
        Caller caller = Caller.of(sc);
        User existing = visible(caller, id);
        requireManage(caller, existing);
        if (existing.id() == caller.user().id()) {
            throw ApiException.conflict("You cannot delete yourself");
        }
        users.delete(id);
        authenticator.forget();
        return Response.noContent().build();
    }

    @GET
    @Path("users/{id}/tokens")
    public List<ApiToken> tokens(@Context SecurityContext sc, @PathParam("id") long id) {
        ownerOrManager(Caller.of(sc), id);
        return users.tokens(id);
    }

    @POST
    @Path("users/{id}/tokens")
    public Response createToken(@Context SecurityContext sc, @PathParam("id") long id, TokenInput in) {
        Caller caller = Caller.of(sc);
        if (caller.user().id() != id) {
            throw ApiException.forbidden("Users create their own API tokens");
        }
        String name = in == null || in.name() == null || in.name().isBlank() ? "token" : in.name().trim();
        if (name.length() > 100) {
            throw ApiException.badRequest("name", "At most 100 characters");
        }
        String secret = "grt_" + Passwords.randomSecret(32);
        ApiToken token = users.createToken(id, name, Passwords.sha256(secret));
        return Response.status(201).entity(new CreatedToken(token.id(), token.name(), token.created(), secret)).build();
    }

    @DELETE
    @Path("users/{id}/tokens/{tokenId}")
    public Response revoke(@Context SecurityContext sc, @PathParam("id") long id, @PathParam("tokenId") long tokenId) {
        ownerOrManager(Caller.of(sc), id);
        if (!users.revokeToken(id, tokenId)) {
            throw ApiException.notFound("Token " + tokenId + " of user " + id + " does not exist");
        }
        authenticator.forget();
        return Response.noContent().build();
    }

    private User visible(Caller caller, long id) {
        User user = users.get(id).orElseThrow(() -> ApiException.notFound("User " + id + " does not exist"));
        if (caller.user().id() != id && !caller.isSra()
                && !(caller.user().has(Role.RA) && caller.user().organization() != null
                        && caller.user().organization().equals(user.organization()))) {
            throw ApiException.notFound("User " + id + " does not exist");
        }
        return user;
    }

    private void ownerOrManager(Caller caller, long id) {
        User user = visible(caller, id);
        if (caller.user().id() != id) {
            requireManage(caller, user);
        }
    }

    private static void requireManage(Caller caller, User target) {
        if (!caller.isSra() && (target.isSra() || !caller.user().has(Role.RA))) {
            throw ApiException.forbidden("Managing this user needs the System or Registry Administrator role");
        }
    }

    private static void checkPassword(Checks checks, String password, boolean required) {
        if (password == null) {
            if (required) {
                checks.error("password", "Required");
            }
        } else if (password.length() < Passwords.MIN_LENGTH || password.length() > 72) {
            checks.error("password", "Must be 8 to 72 characters");
        }
    }

    private void checkRoles(Caller caller, Checks checks, UserInput in) {
        if (in.roles() == null || in.roles().isEmpty()) {
            checks.error("roles", "At least one of " + List.of(Role.values()));
            return;
        }
        if (in.roles().contains(Role.SRA)) {
            if (!caller.isSra()) {
                checks.error("roles", "Only a System Administrator grants SRA");
            }
            return;
        }
        if (in.organization() == null || in.organization().isBlank()) {
            checks.error("organization", "Required for every role but SRA");
        } else if (storage.organizations().get(in.organization()).isEmpty()) {
            checks.error("organization", "Unknown organization '" + in.organization() + "'");
        } else if (!caller.isSra() && !(caller.user().has(Role.RA) && in.organization().equals(caller.user().organization()))) {
            throw ApiException.forbidden("Managing users of organization '" + in.organization()
                    + "' needs its Registry Administrator role");
        }
    }

    private static String organization(UserInput in) {
        return in.organization() == null || in.organization().isBlank() ? null : in.organization();
    }
}
