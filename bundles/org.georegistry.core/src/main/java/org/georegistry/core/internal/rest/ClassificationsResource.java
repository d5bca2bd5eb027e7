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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.Term;
import org.georegistry.core.internal.store.ClassificationStore;
import org.georegistry.core.internal.store.Storage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/classifications}: term lists owned by an organization, the values of term attributes. */
@Component(service = ClassificationsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("classifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ClassificationsResource {

    private final Storage storage;
    private final ClassificationStore classifications;

    @Activate
    public ClassificationsResource(@Reference Storage storage) {
        this.storage = storage;
        this.classifications = storage.classifications();
    }

    @GET
    public List<Classification> list(@Context SecurityContext sc) {
        return classifications.list(Caller.of(sc).scope());
    }

    @GET
    @Path("{code}")
    public Classification get(@Context SecurityContext sc, @PathParam("code") String code) {
        Classification c = find(code);
        Caller.of(sc).requireRead(c.organization(), what(code));
        return c;
    }

    @POST
    public Response create(@Context SecurityContext sc, Classification in) {
        validate(Caller.of(sc), in);
        classifications.create(in);
        return Response.status(201).entity(classifications.get(in.code()).orElseThrow()).build();
    }

    @PUT
    @Path("{code}")
    public Classification update(@Context SecurityContext sc, @PathParam("code") String code, Classification in) {
        Caller caller = Caller.of(sc);
        Classification existing = find(code);
        caller.requireAdmin(existing.organization(), what(code));
        validate(caller, in);
        Owned.requireSameKey(code, in.code(), existing.organization(), in.organization());
        classifications.update(in);
        return classifications.get(code).orElseThrow();
    }

    @DELETE
    @Path("{code}")
    public Response delete(@Context SecurityContext sc, @PathParam("code") String code) {
        Caller.of(sc).requireAdmin(find(code).organization(), what(code));
        classifications.delete(code);
        return Response.noContent().build();
    }

    private Classification find(String code) {
        return classifications.get(code).orElseThrow(() -> ApiException.notFound(what(code) + " does not exist"));
    }

    private static String what(String code) {
        return "Classification '" + code + "'";
    }

    private void validate(Caller caller, Classification in) {
        Checks checks = Owned.check(storage, caller, in == null ? null : new Owned(in.code(), in.organization(), in.label()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.terms().size(); i++) {
            Term t = in.terms().get(i);
            checks.code("terms[" + i + "].code", t.code()).label("terms[" + i + "].label", t.label());
            if (t.code() != null && !seen.add(t.code())) {
                checks.error("terms[" + i + "].code", "Appears twice");
            }
        }
        checks.done();
    }
}
