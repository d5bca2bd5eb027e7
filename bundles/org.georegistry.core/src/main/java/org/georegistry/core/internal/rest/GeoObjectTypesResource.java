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
import java.util.Optional;
import java.util.Set;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TypeStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/geo-object-types} with their attributes. Geometry type and organization are fixed at creation. */
@Component(service = GeoObjectTypesResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("geo-object-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GeoObjectTypesResource {

    private final Storage storage;
    private final TypeStore types;

    @Activate
    public GeoObjectTypesResource(@Reference Storage storage) {
        this.storage = storage;
        this.types = storage.types();
    }

    @GET
    public List<GeoObjectType> list(@Context SecurityContext sc) {
        return types.list(Caller.of(sc).scope());
    }

    @GET
    @Path("{code}")
    public GeoObjectType get(@Context SecurityContext sc, @PathParam("code") String code) {
        GeoObjectType t = find(code);
        Caller.of(sc).requireRead(t.organization(), what(code));
        return t;
    }

    @POST
    public Response create(@Context SecurityContext sc, GeoObjectType in) {
        validate(Caller.of(sc), in);
        types.create(in);
        return Response.status(201).entity(types.get(in.code()).orElseThrow()).build();
    }

    @PUT
    @Path("{code}")
    public GeoObjectType update(@Context SecurityContext sc, @PathParam("code") String code, GeoObjectType in) {
        Caller caller = Caller.of(sc);
        GeoObjectType existing = find(code);
        caller.requireAdmin(existing.organization(), what(code));
        validate(caller, in);
        Owned.requireSameKey(code, in.code(), existing.organization(), in.organization());
        if (in.geometryType() != existing.geometryType()) {
            throw ApiException.badRequest("geometryType", "Cannot be changed once objects may exist");
        }
        types.update(in);
        return types.get(code).orElseThrow();
    }

    @DELETE
    @Path("{code}")
    public Response delete(@Context SecurityContext sc, @PathParam("code") String code) {
        Caller.of(sc).requireAdmin(find(code).organization(), what(code));
        types.delete(code);
        return Response.noContent().build();
    }

    private GeoObjectType find(String code) {
        return types.get(code).orElseThrow(() -> ApiException.notFound(what(code) + " does not exist"));
    }

    private static String what(String code) {
        return "Geo-Object Type '" + code + "'";
    }

    private void validate(Caller caller, GeoObjectType in) {
        Checks checks = Owned.check(storage, caller, in == null ? null : new Owned(in.code(), in.organization(), in.label()));
        checks.required("geometryType", in.geometryType());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.attributes().size(); i++) {
            Attribute a = in.attributes().get(i);
            String f = "attributes[" + i + "]";
            checks.code(f + ".code", a.code()).label(f + ".label", a.label()).required(f + ".type", a.type());
            if (a.code() != null && !seen.add(a.code())) {
                checks.error(f + ".code", "Appears twice");
            }
            if (a.type() == AttributeType.TERM) {
                Optional<Classification> c = a.classification() == null ? Optional.empty()
                        : storage.classifications().get(a.classification()).filter(x -> caller.canRead(x.organization()));
                if (c.isEmpty()) {
                    checks.error(f + ".classification", "A term attribute needs an existing classification");
                }
            } else if (a.classification() != null) {
                checks.error(f + ".classification", "Only term attributes have a classification");
            }
        }
        checks.done();
    }
}
