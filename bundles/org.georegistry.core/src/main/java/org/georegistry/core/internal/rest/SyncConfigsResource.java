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
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncProvider;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.jobs.SyncRuns;
import org.georegistry.core.internal.model.Direction;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.providers.InstalledProvider;
import org.georegistry.core.internal.providers.ProviderCalls;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.providers.SettingsValidator;
import org.georegistry.core.internal.store.ExternalSystemStore;
import org.georegistry.core.internal.store.HierarchyStore;
import org.georegistry.core.internal.store.Paged;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.SyncConfigStore;
import org.georegistry.core.internal.store.SyncStorage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/sync-configs}: what to push to, or pull from, one external system; same permissions as external
 * systems. Running and job history are answered by the job engine ({@link SyncRuns}) but routed here, since one
 * path prefix cannot be split over two root resources.
 */
@Component(service = SyncConfigsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("sync-configs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SyncConfigsResource {

    private static final Logger LOG = LoggerFactory.getLogger(SyncConfigsResource.class);

    /** A configuration to create or replace; {@code organization} may be omitted (it is the system's). */
    public record SyncConfigInput(
            LocalizedText label, String organization, String externalSystem, Direction direction, String hierarchy,
            Map<String, Object> settings, String cron) {}

    private final Storage storage;
    private final SyncConfigStore configs;
    private final ExternalSystemStore systems;
    private final HierarchyStore hierarchies;
    private final ProviderRegistry providers;
    /**
     * The job engine; optional so that configurations can be edited while it is down (or not deployed), in which
     * case run and history answer 503.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SyncRuns runs;

    @Activate
    public SyncConfigsResource(@Reference Storage storage, @Reference SyncStorage sync,
            @Reference ProviderRegistry providers) {
        this.storage = storage;
        this.configs = sync.syncConfigs();
        this.systems = sync.externalSystems();
        this.hierarchies = storage.hierarchies();
        this.providers = providers;
    }

    @GET
    public Paged<SyncConfig> list(@Context SecurityContext sc, @QueryParam("externalSystem") String externalSystem,
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        Caller caller = Caller.of(sc);
        Paging.check(page, pageSize);
        return configs.list(caller.scope(), externalSystem, page, pageSize);
    }

    @GET
    @Path("{id}")
    public SyncConfig get(@Context SecurityContext sc, @PathParam("id") long id) {
        return visible(Caller.of(sc), id);
    }

    @POST
    public Response create(@Context SecurityContext sc, SyncConfigInput in) {
        Caller caller = Caller.of(sc);
        SyncConfig checked = checked(caller, 0, in);
        long id = configs.insert(checked);
        LOG.info("Synchronization configuration {} for '{}' created by {}", id, checked.externalSystem(), caller.getName());
        return Response.status(201).entity(configs.get(id).orElseThrow()).build();
    }

    @PUT
    @Path("{id}")
    public SyncConfig update(@Context SecurityContext sc, @PathParam("id") long id, SyncConfigInput in) {
        Caller caller = Caller.of(sc);
        SyncConfig existing = visible(caller, id);
        caller.requireAdmin(existing.organization(), what(id));
        if (!configs.update(checked(caller, id, in))) {
            throw gone(id);
        }
        return configs.get(id).orElseThrow(() -> gone(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext sc, @PathParam("id") long id) {
        Caller caller = Caller.of(sc);
        SyncConfig existing = visible(caller, id);
        caller.requireAdmin(existing.organization(), what(id));
        SyncRuns engine = runs;
        if (engine != null && engine.busy(id)) {
            throw ApiException.conflict(what(id) + " has a job queued or running; cancel it first");
        }
        if (!configs.delete(id)) {
            throw gone(id);
        }
        return Response.noContent().build();
    }

    /** What the provider offers for the editing form, read from the live system where it needs to. */
    @GET
    @Path("{id}/options")
    public Map<String, Object> options(@Context SecurityContext sc, @PathParam("id") long id) {
        Caller caller = Caller.of(sc);
        SyncConfig config = visible(caller, id);
        caller.requireAdmin(config.organization(), what(id));
        ExternalSystem system = ExternalSystemsResource.visible(systems, caller, config.externalSystem());
        InstalledProvider provider = ExternalSystemsResource.providerOf(providers, system);
        return ExternalSystemsResource.options(provider, system, Settings.of(config.settings()));
    }

    /** A file the provider produces for this configuration, streamed; see {@link SyncProvider#artifact}. */
    @GET
    @Path("{id}/artifacts/{name}")
    @Produces(MediaType.WILDCARD)
    public Response artifact(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("id") long id,
            @PathParam("name") String name) {
        Caller caller = Caller.of(sc);
        SyncConfig config = visible(caller, id);
        ExternalSystem system = ExternalSystemsResource.visible(systems, caller, config.externalSystem());
        InstalledProvider provider = ExternalSystemsResource.providerOf(providers, system);
        Map<String, Object> settings = new java.util.LinkedHashMap<>(config.settings());
        if (config.hierarchy() != null) {
            settings.putIfAbsent("hierarchy", config.hierarchy());
        }
        return Artifacts.serve(storage, provider, system, java.util.Optional.of(Settings.of(settings)), name, uri);
    }

    /** The FHIR "Generate Bundle": what an export would send. */
    @GET
    @Path("{id}/bundle")
    @Produces(MediaType.WILDCARD)
    public Response bundle(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("id") long id) {
        return artifact(sc, uri, id, "bundle");
    }

    /** The Reveal-shaped GeoJSON export. */
    @GET
    @Path("{id}/export.geojson")
    @Produces(MediaType.WILDCARD)
    public Response geojson(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("id") long id) {
        return artifact(sc, uri, id, "export.geojson");
    }

    @POST
    @Path("{id}/run")
    public Response run(@Context SecurityContext sc, @PathParam("id") long id, @QueryParam("dryRun") boolean dryRun,
            @QueryParam("full") boolean full) {
        Caller caller = Caller.of(sc);
        SyncConfig config = visible(caller, id);
        caller.requireAdmin(config.organization(), what(id));
        return engine().run(config, caller.getName(), dryRun, full);
    }

    @GET
    @Path("{id}/jobs")
    public Object jobs(@Context SecurityContext sc, @PathParam("id") long id,
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        Caller caller = Caller.of(sc);
        Paging.check(page, pageSize);
        return engine().history(visible(caller, id), page, pageSize);
    }

    private SyncRuns engine() {
        SyncRuns engine = runs;
        if (engine == null) {
            throw ApiException.unavailable("The job engine is not running; try again shortly");
        }
        return engine;
    }

    private SyncConfig visible(Caller caller, long id) {
        return configs.get(id).filter(c -> caller.canRead(c.organization())).orElseThrow(() -> gone(id));
    }

    private static String what(long id) {
        return "Synchronization configuration " + id;
    }

    private static ApiException gone(long id) {
        return ApiException.notFound(what(id) + " does not exist");
    }

    /**
     * Validates a configuration and answers it to store: the system must be visible and the caller its
     * organization's administrator; the provider must support the direction; the hierarchy must be the system's
     * organization's; the settings must satisfy the provider. Throws a 400 naming every bad field.
     */
    private SyncConfig checked(Caller caller, long id, SyncConfigInput in) {
        if (in == null) {
            throw ApiException.badRequest("", "A body is required");
        }
        Checks checks = new Checks().label("label", in.label()).required("direction", in.direction());
        if (in.externalSystem() == null || in.externalSystem().isBlank()) {
            checks.error("externalSystem", "Required").done();
        }
        ExternalSystem system = systems.get(in.externalSystem()).filter(s -> caller.canRead(s.organization()))
                .orElseThrow(() -> ApiException.badRequest("externalSystem",
                        "External system '" + in.externalSystem() + "' does not exist"));
        String organization = system.organization();
        caller.requireAdmin(organization, "Synchronization configurations of organization '" + organization + "'");
        if (in.organization() != null && !in.organization().equals(organization)) {
            checks.error("organization", "Must be '" + organization + "', the organization of the external system");
        }
        SyncProvider provider = ExternalSystemsResource.providerOf(providers, system).provider();
        if (in.direction() != null && !provider.capabilities().contains(Capability.valueOf(in.direction().name()))) {
            checks.error("direction", "The '" + system.type() + "' provider cannot " + in.direction().name().toLowerCase()
                    + "; it supports " + provider.capabilities());
        }
        String hierarchy = blankToNull(in.hierarchy());
        if (hierarchy != null && hierarchies.get(hierarchy).filter(h -> organization.equals(h.organization())).isEmpty()) {
            checks.error("hierarchy", "Hierarchy '" + hierarchy + "' does not exist in organization '" + organization + "'");
        }
        String cron = blankToNull(in.cron());
        if (cron != null) {
            String problem = CronExpressions.problem(cron);
            if (problem != null) {
                checks.error("cron", problem);
            }
        }
        Map<String, Object> settings = in.settings() == null ? Map.of() : in.settings();
        Settings systemSettings = ExternalSystemsResource.settingsWithSecrets(system);
        SettingsValidator.validate(ProviderCalls.configSettings(system.type(), provider), settings, "settings.",
                        s -> provider.validateConfigSettings(systemSettings, s))
                .forEach(p -> checks.error(p.field(), p.message()));
        checks.done();
        return new SyncConfig(id, in.label(), organization, system.id(), in.direction(), hierarchy, settings,
                cron == null ? null : cron.trim(), null, null, null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
