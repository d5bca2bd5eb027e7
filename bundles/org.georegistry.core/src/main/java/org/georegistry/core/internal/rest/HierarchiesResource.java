package org.georegistry.core.internal.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.georegistry.api.sync.Settings;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.store.HierarchyStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.SyncStorage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/hierarchies}: trees of Geo-Object Types; a cycle, an unknown type or parent is a 400. Also the export
 * of a hierarchy in an external system's format, produced by that system's provider.
 */
@Component(service = HierarchiesResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("hierarchies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class HierarchiesResource {

    /** Export formats and the provider file that serves each. */
    static final Map<String, Export> FORMATS = Map.of("reveal", new Export("reveal", "export.geojson"));

    /** A format: the type of external system whose provider produces it, and the provider's file name. */
    record Export(String systemType, String artifact) {}

    private final Storage storage;
    private final HierarchyStore hierarchies;
    /** Needed only by exports, so the hierarchies stay editable while the sync storage or providers are down. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SyncStorage sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ProviderRegistry providers;

    @Activate
    public HierarchiesResource(@Reference Storage storage) {
        this.storage = storage;
        this.hierarchies = storage.hierarchies();
    }

    @GET
    public List<Hierarchy> list(@Context SecurityContext sc) {
        return hierarchies.list(Caller.of(sc).scope());
    }

    @GET
    @Path("{code}")
    public Hierarchy get(@Context SecurityContext sc, @PathParam("code") String code) {
        Hierarchy h = find(code);
        Caller.of(sc).requireRead(h.organization(), what(code));
        return h;
    }

    @POST
    public Response create(@Context SecurityContext sc, Hierarchy in) {
        validate(Caller.of(sc), in);
        hierarchies.create(in);
        return Response.status(201).entity(hierarchies.get(in.code()).orElseThrow()).build();
    }

    @PUT
    @Path("{code}")
    public Hierarchy update(@Context SecurityContext sc, @PathParam("code") String code, Hierarchy in) {
        Caller caller = Caller.of(sc);
        Hierarchy existing = find(code);
        caller.requireAdmin(existing.organization(), what(code));
        validate(caller, in);
        Owned.requireSameKey(code, in.code(), existing.organization(), in.organization());
        hierarchies.update(in);
        return hierarchies.get(code).orElseThrow();
    }

    @DELETE
    @Path("{code}")
    public Response delete(@Context SecurityContext sc, @PathParam("code") String code) {
        Caller.of(sc).requireAdmin(find(code).organization(), what(code));
        hierarchies.delete(code);
        return Response.noContent().build();
    }

    /**
     * The hierarchy in an external system's format, e.g. {@code ?format=reveal&externalSystem=zambia-reveal}: the
     * file the system's provider makes for a configuration of this hierarchy, with the same paging parameters.
     */
    @GET
    @Path("{code}/export")
    @Produces(MediaType.WILDCARD)
    public Response export(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("code") String code,
            @QueryParam("format") String format, @QueryParam("externalSystem") String externalSystem) {
        Caller caller = Caller.of(sc);
        Hierarchy h = find(code);
        caller.requireRead(h.organization(), what(code));
        Export export = format == null ? null : FORMATS.get(format);
        if (export == null) {
            throw ApiException.badRequest("format", "Use format=" + String.join(" or format=", FORMATS.keySet())
                    + (format == null ? "" : ", not '" + format + "'"));
        }
        if (externalSystem == null || externalSystem.isBlank()) {
            throw ApiException.badRequest("externalSystem", "Give the id of the " + export.systemType()
                    + " system whose settings the export follows");
        }
        SyncStorage syncStorage = sync;
        ProviderRegistry installed = providers;
        if (syncStorage == null || installed == null) {
            throw ApiException.unavailable("Exports are not available right now");
        }
        ExternalSystem system = ExternalSystemsResource.visible(syncStorage.externalSystems(), caller, externalSystem);
        if (!export.systemType().equals(system.type())) {
            throw ApiException.badRequest("externalSystem", "External system '" + externalSystem + "' is of type '"
                    + system.type() + "'; format=" + format + " needs a " + export.systemType() + " system");
        }
        return Artifacts.serve(storage, ExternalSystemsResource.providerOf(installed, system), system,
                Optional.of(Settings.of(Map.of("hierarchy", code))), export.artifact(), uri);
    }

    private Hierarchy find(String code) {
        return hierarchies.get(code).orElseThrow(() -> ApiException.notFound(what(code) + " does not exist"));
    }

    private static String what(String code) {
        return "Hierarchy '" + code + "'";
    }

    private void validate(Caller caller, Hierarchy in) {
        Checks checks = Owned.check(storage, caller, in == null ? null : new Owned(in.code(), in.organization(), in.label()));
        Set<String> types = new HashSet<>();
        for (int i = 0; i < in.nodes().size(); i++) {
            Hierarchy.Node n = in.nodes().get(i);
            String f = "nodes[" + i + "]";
            if (n.type() == null || storage.types().get(n.type()).filter(t -> caller.canRead(t.organization())).isEmpty()) {
                checks.error(f + ".type", "Unknown Geo-Object Type '" + n.type() + "'");
            } else if (!types.add(n.type())) {
                checks.error(f + ".type", "Type '" + n.type() + "' appears twice: a type has one parent per hierarchy");
            }
        }
        for (int i = 0; i < in.nodes().size(); i++) {
            Hierarchy.Node n = in.nodes().get(i);
            if (n.parent() != null && !types.contains(n.parent())) {
                checks.error("nodes[" + i + "].parent", "Type '" + n.parent() + "' is not a node of this hierarchy");
            } else if (n.type() != null && n.type().equals(n.parent())) {
                checks.error("nodes[" + i + "].parent", "A type cannot be its own parent");
            }
        }
        if (checks.ok() && in.typesParentFirst().size() != in.nodes().size()) {
            checks.error("nodes", "The parent links form a cycle; a hierarchy must be a tree");
        }
        checks.done();
    }
}
