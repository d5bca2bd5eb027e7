package org.georegistry.core.internal.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.registry.GeoObjectInput;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/geo-objects}: list with paging and filters, CRUD by type and code, children in a hierarchy, and the
 * external ids of an object (one per external system).
 */
@Component(service = GeoObjectsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("geo-objects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GeoObjectsResource {

    static final int MAX_PAGE_SIZE = 1000;

    /** The body of an external-id PUT. */
    public record ExternalIdInput(String externalId) {}

    private final Registry registry;
    private final GeoObjectStore objects;

    @Activate
    public GeoObjectsResource(@Reference Registry registry) {
        this.registry = registry;
        this.objects = registry.storage().objects();
    }

    /**
     * Objects in (type, code) order. {@code parent} is {@code typeCode/code} (with {@code hierarchy} to restrict
     * to one hierarchy); {@code updatedSince} an ISO-8601 instant.
     */
    @GET
    public GeoObjectView.Page list(@Context SecurityContext sc, @QueryParam("type") String type,
            @QueryParam("parent") String parent, @QueryParam("hierarchy") String hierarchy,
            @QueryParam("updatedSince") String updatedSince, @QueryParam("page") @DefaultValue("1") String page,
            @QueryParam("pageSize") @DefaultValue("50") String pageSize) {
        Caller caller = Caller.of(sc);
        if (type != null) {
            readableType(caller, type);
        }
        Long parentId = null;
        if (parent != null) {
            int slash = parent.indexOf('/');
            if (slash < 1) {
                throw ApiException.badRequest("parent", "Expected typeCode/code");
            }
            readableType(caller, parent.substring(0, slash));
            parentId = registry.storage().database().read(c -> GeoObjectStore.idOf(c, parent.substring(0, slash),
                    parent.substring(slash + 1))).orElseThrow(() -> ApiException.notFound("Geo-Object '" + parent + "' does not exist"));
        }
        Instant since = null;
        if (updatedSince != null) {
            try {
                since = Instant.parse(updatedSince);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("updatedSince", "Expected an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z");
            }
        }
        return page(new GeoObjectStore.Filter(type, parentId, hierarchy, since, caller.scope()), page, pageSize);
    }

    /** Paging parameters arrive as text: JAX-RS would answer a non-number with a misleading 404. */
    private GeoObjectView.Page page(GeoObjectStore.Filter filter, String pageText, String pageSizeText) {
        Checks checks = new Checks();
        int page = number(pageText);
        int pageSize = number(pageSizeText);
        if (page < 1) {
            checks.error("page", "Must be a number, 1 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            checks.error("pageSize", "Must be a number from 1 to " + MAX_PAGE_SIZE);
        }
        checks.done();
        GeoObjectStore.Page p = objects.list(filter, page, pageSize);
        return new GeoObjectView.Page(p.items(), p.page(), p.pageSize(), p.total());
    }

    @POST
    public Response create(@Context SecurityContext sc, GeoObjectInput in) {
        if (in == null || in.type() == null) {
            throw ApiException.badRequest("type", "Required");
        }
        GeoObjectType type = editableType(Caller.of(sc), in.type());
        GeoObject saved = registry.save(registry.checker(type), in, null);
        return Response.status(201).entity((saved)).build();
    }

    @GET
    @Path("{type}/{code}")
    public GeoObject get(@Context SecurityContext sc, @PathParam("type") String type, @PathParam("code") String code) {
        readableType(Caller.of(sc), type);
        return (find(type, code));
    }

    @PUT
    @Path("{type}/{code}")
    public GeoObject update(@Context SecurityContext sc, @PathParam("type") String type,
            @PathParam("code") String code, GeoObjectInput in) {
        GeoObjectType t = editableType(Caller.of(sc), type);
        if (in == null) {
            throw ApiException.badRequest("", "A body is required");
        }
        if ((in.type() != null && !in.type().equals(type)) || (in.code() != null && !in.code().equals(code))) {
            throw ApiException.badRequest(in.code() != null && !in.code().equals(code) ? "code" : "type",
                    "Must match the path; type and code cannot be changed");
        }
        GeoObjectInput complete = new GeoObjectInput(type, code, in.label(), in.geometry(), in.attributes(),
                in.parents(), in.validFrom(), in.validTo());
        return (registry.save(registry.checker(t), complete, code));
    }

    @DELETE
    @Path("{type}/{code}")
    public Response delete(@Context SecurityContext sc, @PathParam("type") String type, @PathParam("code") String code) {
        editableType(Caller.of(sc), type);
        if (!objects.delete(type, code)) {
            throw notFound(type, code);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{type}/{code}/children")
    public GeoObjectView.Page children(@Context SecurityContext sc, @PathParam("type") String type,
            @PathParam("code") String code, @QueryParam("hierarchy") String hierarchy,
            @QueryParam("page") @DefaultValue("1") String page, @QueryParam("pageSize") @DefaultValue("50") String pageSize) {
        Caller caller = Caller.of(sc);
        readableType(caller, type);
        long id = id(type, code);
        return page(new GeoObjectStore.Filter(null, id, hierarchy, null, caller.scope()), page, pageSize);
    }

    @GET
    @Path("{type}/{code}/external-ids")
    public Map<String, String> externalIds(@Context SecurityContext sc, @PathParam("type") String type,
            @PathParam("code") String code) {
        readableType(Caller.of(sc), type);
        return find(type, code).externalIds();
    }

    @PUT
    @Path("{type}/{code}/external-ids/{system}")
    public Map<String, String> putExternalId(@Context SecurityContext sc, @PathParam("type") String type,
            @PathParam("code") String code, @PathParam("system") String system, ExternalIdInput in) {
        editableType(Caller.of(sc), type);
        new Checks().code("system", system).done();
        if (in == null || in.externalId() == null || in.externalId().isBlank() || in.externalId().length() > 255) {
            throw ApiException.badRequest("externalId", "Required, at most 255 characters");
        }
        long id = id(type, code);
        registry.storage().database().tx(c -> {
            GeoObjectStore.putExternalId(c, id, system, in.externalId());
            return null;
        });
        return find(type, code).externalIds();
    }

    @DELETE
    @Path("{type}/{code}/external-ids/{system}")
    public Response deleteExternalId(@Context SecurityContext sc, @PathParam("type") String type,
            @PathParam("code") String code, @PathParam("system") String system) {
        editableType(Caller.of(sc), type);
        long id = id(type, code);
        if (!registry.storage().database().<Boolean>tx(c -> GeoObjectStore.deleteExternalId(c, id, system))) {
            throw ApiException.notFound("Geo-Object '" + type + "/" + code + "' has no external id of system '" + system + "'");
        }
        return Response.noContent().build();
    }

    /** {@code GET /api/geo-objects/by-external-id?system=..&id=..}. */
    @GET
    @Path("by-external-id")
    public GeoObject byExternalId(@Context SecurityContext sc, @QueryParam("system") String system,
            @QueryParam("id") String externalId) {
        new Checks().required("system", system).required("id", externalId).done();
        Caller caller = Caller.of(sc);
        GeoObject o = registry.storage().database().read(c -> {
            var id = GeoObjectStore.byExternalId(c, system, externalId);
            return id.isEmpty() ? null : GeoObjectStore.get(c, id.get()).orElse(null);
        });
        if (o == null || !caller.canRead(registry.type(o.typeCode()).organization())) {
            throw ApiException.notFound("No Geo-Object has external id '" + externalId + "' of system '" + system + "'");
        }
        return (o);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private GeoObjectType readableType(Caller caller, String type) {
        GeoObjectType t = registry.type(type);
        caller.requireRead(t.organization(), "Geo-Object Type '" + type + "'");
        return t;
    }

    private GeoObjectType editableType(Caller caller, String type) {
        GeoObjectType t = readableType(caller, type);
        caller.requireEditObjects(t.organization(), "Geo-Objects of type '" + type + "'");
        return t;
    }

    private GeoObject find(String type, String code) {
        return objects.get(type, code).orElseThrow(() -> notFound(type, code));
    }

    private long id(String type, String code) {
        return registry.storage().database().read(c -> GeoObjectStore.idOf(c, type, code))
                .orElseThrow(() -> notFound(type, code));
    }

    private static ApiException notFound(String type, String code) {
        return ApiException.notFound("Geo-Object '" + type + "/" + code + "' does not exist");
    }
}
