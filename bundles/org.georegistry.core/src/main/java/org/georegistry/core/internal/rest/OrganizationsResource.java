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
import java.util.List;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.store.OrganizationStore;
import org.georegistry.core.internal.store.Storage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/organizations}: everyone sees their own, SRA sees and manages all; RA relabels their own. */
@Component(service = OrganizationsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OrganizationsResource {

    private final OrganizationStore organizations;

    @Activate
    public OrganizationsResource(@Reference Storage storage) {
        this.organizations = storage.organizations();
    }

    @GET
    public List<Organization> list(@Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        return organizations.list().stream().filter(o -> caller.canRead(o.code())).toList();
    }

    @GET
    @Path("{code}")
    public Organization get(@Context SecurityContext sc, @PathParam("code") String code) {
        Caller.of(sc).requireRead(code, "Organization '" + code + "'");
        return organizations.get(code).orElseThrow(() -> ApiException.notFound("Organization '" + code + "' does not exist"));
    }

    @POST
    public Response create(@Context SecurityContext sc, Organization in) {
        Caller.of(sc).requireSra("Creating organizations");
        validate(in);
        organizations.create(in);
        return Response.status(201).entity(in).build();
    }

    @PUT
    @Path("{code}")
    public Organization update(@Context SecurityContext sc, @PathParam("code") String code, Organization in) {
        Caller.of(sc).requireAdmin(code, "Organization '" + code + "'");
        validate(in);
        if (!code.equals(in.code())) {
            throw ApiException.badRequest("code", "Must be '" + code + "' as in the path");
        }
        if (!organizations.update(in)) {
            throw ApiException.notFound("Organization '" + code + "' does not exist");
        }
        return in;
    }

    @DELETE
    @Path("{code}")
    public Response delete(@Context SecurityContext sc, @PathParam("code") String code) {
        Caller.of(sc).requireSra("Deleting organizations");
        if (!organizations.delete(code)) {
            throw ApiException.notFound("Organization '" + code + "' does not exist");
        }
        return Response.noContent().build();
    }

    private static void validate(Organization in) {
        if (in == null) {
            throw ApiException.badRequest("", "A body is required");
        }
        new Checks().code("code", in.code()).label("label", in.label()).done();
    }
}
