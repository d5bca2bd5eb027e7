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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncProvider;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.jobs.SyncRuns;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.providers.InstalledProvider;
import org.georegistry.core.internal.providers.ProviderCalls;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.providers.SettingsValidator;
import org.georegistry.core.internal.store.ExternalSystemStore;
import org.georegistry.core.internal.store.OrganizationStore;
import org.georegistry.core.internal.store.Paged;
import org.georegistry.core.internal.store.Storage;
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
 * {@code /api/external-systems}: an RA manages the systems of their organization, an SRA all of them and their
 * organizations. Secret settings (the provider's descriptors with {@code secret}) are write-only: answers say only
 * whether each is set, and an update that omits one keeps it.
 */
@Component(service = ExternalSystemsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("external-systems")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ExternalSystemsResource {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSystemsResource.class);

    /** A system to create or replace; {@code settings} holds the provider's settings, secrets included. */
    public record ExternalSystemInput(
            String id, String type, String organization, LocalizedText label, String description,
            Map<String, Object> settings) {}

    /** Whether a secret setting has a value; the value itself is never answered. */
    public record SecretState(boolean set) {}

    /** A system as clients see it: secrets only as {@code {"password": {"set": true}}}. */
    public record ExternalSystemView(
            String id, String type, String organization, LocalizedText label, String description,
            Map<String, Object> settings, Map<String, SecretState> secrets, boolean providerAvailable,
            Instant created, Instant updated) {}

    private final Storage storage;
    private final ExternalSystemStore systems;
    private final OrganizationStore organizations;
    private final SyncStorage sync;
    private final ProviderRegistry providers;
    /** The job engine, when it runs: without it no job can be running, so nothing blocks a delete. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SyncRuns runs;

    @Activate
    public ExternalSystemsResource(@Reference Storage storage, @Reference SyncStorage sync,
            @Reference ProviderRegistry providers) {
        this.storage = storage;
        this.systems = sync.externalSystems();
        this.organizations = storage.organizations();
        this.sync = sync;
        this.providers = providers;
    }

    @GET
    public Paged<ExternalSystemView> list(@Context SecurityContext sc, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        Caller caller = Caller.of(sc);
        Paging.check(page, pageSize);
        Paged<ExternalSystem> found = systems.list(caller.scope(), page, pageSize);
        return new Paged<>(found.items().stream().map(this::view).toList(), page, pageSize, found.total());
    }

    @GET
    @Path("{id}")
    public ExternalSystemView get(@Context SecurityContext sc, @PathParam("id") String id) {
        return view(visible(systems, Caller.of(sc), id));
    }

    @POST
    public Response create(@Context SecurityContext sc, ExternalSystemInput in) {
        Caller caller = Caller.of(sc);
        requireBody(in);
        String organization = in.organization();
        if (!caller.isSra()) {
            if (organization != null && !organization.equals(caller.user().organization())) {
                throw organizationForbidden();
            }
            organization = caller.user().organization();
        }
        Checks checks = new Checks().code("id", in.id()).required("type", in.type()).required("organization", organization);
        if (organization != null) {
            caller.requireAdmin(organization, "External systems of organization '" + organization + "'");
            checkOrganization(checks, organization);
        }
        InstalledProvider provider = knownType(checks, in.type());
        ExternalSystem checked = checked(checks, provider, in.id(), in, organization, Map.of());
        ExternalSystem stored = systems.insert(checked);
        LOG.info("External system '{}' of type '{}' created by {}", stored.id(), stored.type(), caller.getName());
        return Response.status(201).entity(view(stored)).build();
    }

    @PUT
    @Path("{id}")
    public ExternalSystemView update(@Context SecurityContext sc, @PathParam("id") String id, ExternalSystemInput in) {
        Caller caller = Caller.of(sc);
        ExternalSystem existing = visible(systems, caller, id);
        caller.requireAdmin(existing.organization(), "External system '" + id + "'");
        requireBody(in);
        Checks checks = new Checks();
        if (in.id() != null && !in.id().equals(id)) {
            checks.error("id", "Must be '" + id + "' as in the path");
        }
        if (in.type() != null && !in.type().equals(existing.type())) {
            checks.error("type", "Cannot be changed; create another system of type '" + in.type() + "' instead");
        }
        String organization = in.organization() == null ? existing.organization() : in.organization();
        if (!organization.equals(existing.organization())) {
            if (!caller.isSra()) {
                throw organizationForbidden();
            }
            checkOrganization(checks, organization);
        }
        ExternalSystem checked = checked(checks, providerOf(providers, existing), id, in, organization, existing.secrets());
        return view(systems.update(checked).orElseThrow(() -> gone(id)));
    }

    /**
     * Deletes a system. One still used by external ids or configurations is refused (409) unless an SRA asks with
     * {@code ?cascade=true}, which deletes those too.
     */
    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext sc, @PathParam("id") String id,
            @QueryParam("cascade") boolean cascade) {
        Caller caller = Caller.of(sc);
        ExternalSystem existing = visible(systems, caller, id);
        caller.requireAdmin(existing.organization(), "External system '" + id + "'");
        if (cascade) {
            caller.requireSra("Deleting an external system with its configurations and external ids");
            SyncRuns engine = runs;
            for (SyncConfig config : sync.syncConfigs().list(null, id, 1, Integer.MAX_VALUE).items()) {
                if (engine != null && engine.busy(config.id())) {
                    throw ApiException.conflict("Synchronization configuration " + config.id()
                            + " of this system has a job queued or running; cancel it first");
                }
            }
        }
        if (!systems.delete(id, cascade)) {
            throw gone(id);
        }
        LOG.info("External system '{}' deleted by {}{}", id, caller.getName(), cascade ? " with its configurations" : "");
        return Response.noContent().build();
    }

    /** Asks the provider to check connectivity, credentials and version; a failing provider answers ok=false. */
    @POST
    @Path("{id}/test")
    public ConnectionTestResult test(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller caller = Caller.of(sc);
        ExternalSystem system = visible(systems, caller, id);
        caller.requireAdmin(system.organization(), "External system '" + id + "'");
        InstalledProvider provider = providerOf(providers, system);
        try {
            ConnectionTestResult result = provider.provider().testConnection(settingsWithSecrets(system));
            return result == null ? ConnectionTestResult.failed("The provider gave no answer") : result;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Provider '{}' failed testing external system '{}': {}", provider.type(), id, e.getClass().getName());
            return ConnectionTestResult.failed("The provider failed: " + e.getMessage());
        }
    }

    /**
     * What the provider offers a form for a new configuration of this system (levels, attributes, groups, ...), read
     * from the live system: a form needs these before any configuration exists.
     */
    @GET
    @Path("{id}/options")
    public Map<String, Object> options(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller caller = Caller.of(sc);
        ExternalSystem system = visible(systems, caller, id);
        caller.requireAdmin(system.organization(), "External system '" + id + "'");
        return options(providerOf(providers, system), system, Settings.of(Map.of()));
    }

    /** The provider's options for a form; its failure (the peer down, say) is a 502 naming the cause. */
    static Map<String, Object> options(InstalledProvider provider, ExternalSystem system, Settings configSettings) {
        try {
            Map<String, Object> options = provider.provider().options(settingsWithSecrets(system), configSettings);
            return options == null ? Map.of() : options;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Provider '{}' could not read options from '{}': {}", provider.type(), system.id(), e.getClass().getName());
            throw new ApiException(502, "Bad Gateway", "The external system could not be read: " + e.getMessage(), List.of());
        }
    }

    /** A file the provider produces for this system, e.g. the DHIS2 app plugin; see {@code SyncProvider#artifact}. */
    @GET
    @Path("{id}/artifacts/{name}")
    @Produces(MediaType.WILDCARD)
    public Response artifact(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("id") String id,
            @PathParam("name") String name) {
        ExternalSystem system = visible(systems, Caller.of(sc), id);
        return Artifacts.serve(storage, providerOf(providers, system), system, java.util.Optional.empty(), name, uri);
    }

    /** The DHIS2 app that opens this registry from DHIS2's menu. */
    @GET
    @Path("{id}/dhis2-plugin.zip")
    @Produces(MediaType.WILDCARD)
    public Response dhis2Plugin(@Context SecurityContext sc, @Context UriInfo uri, @PathParam("id") String id) {
        return artifact(sc, uri, id, "dhis2-plugin.zip");
    }

    /** A system the caller may see; 404 otherwise, whether it exists or not. */
    static ExternalSystem visible(ExternalSystemStore systems, Caller caller, String id) {
        return systems.get(id).filter(s -> caller.canRead(s.organization())).orElseThrow(() -> gone(id));
    }

    /** The provider of a system's type; 409 when its bundle is not installed now. */
    static InstalledProvider providerOf(ProviderRegistry providers, ExternalSystem system) {
        return providers.find(system.type()).orElseThrow(() -> ApiException.conflict("The provider of type '"
                + system.type() + "' of external system '" + system.id() + "' is not installed (installed: "
                + providers.types() + "); deploy it again to use this system"));
    }

    /** The settings a provider is given: stored settings and decrypted secrets together. */
    static Settings settingsWithSecrets(ExternalSystem system) {
        return system.providerSettings();
    }

    private static ApiException gone(String id) {
        return ApiException.notFound("External system '" + id + "' does not exist");
    }

    private static ApiException organizationForbidden() {
        String message = "Only a System Administrator may assign or change the organization";
        return new ApiException(403, "Forbidden", message, List.of(new Problem.FieldError("organization", message)));
    }

    private static void requireBody(ExternalSystemInput in) {
        if (in == null) {
            throw ApiException.badRequest("", "A body is required");
        }
    }

    private void checkOrganization(Checks checks, String organization) {
        if (organizations.get(organization).isEmpty()) {
            checks.error("organization", "Organization '" + organization + "' does not exist");
        }
    }

    private InstalledProvider knownType(Checks checks, String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        InstalledProvider provider = providers.find(type).orElse(null);
        if (provider == null) {
            checks.error("type", "Unknown type '" + type + "'; installed: " + providers.types());
        }
        return provider;
    }

    /**
     * Validates the fields and the provider settings (a secret omitted or empty keeps its {@code kept} value) and
     * answers the system to store; throws a 400 naming every bad field.
     */
    private static ExternalSystem checked(Checks checks, InstalledProvider provider, String id, ExternalSystemInput in,
            String organization, Map<String, String> kept) {
        checks.label("label", in.label());
        if (provider == null) {
            checks.done();
            throw ApiException.badRequest("type", "Required");
        }
        SyncProvider p = provider.provider();
        List<SettingDescriptor> descriptors = ProviderCalls.systemSettings(provider.type(), p);
        Map<String, Object> given = in.settings() == null ? Map.of() : in.settings();
        Map<String, Object> merged = new LinkedHashMap<>(given);
        Map<String, Object> settings = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        for (SettingDescriptor d : descriptors) {
            if (d.secret()) {
                Object value = given.get(d.name());
                if (value == null || (value instanceof String s && s.isEmpty())) {
                    merged.remove(d.name());
                    if (kept.containsKey(d.name())) {
                        merged.put(d.name(), kept.get(d.name()));
                    }
                }
            }
        }
        SettingsValidator.validate(descriptors, merged, "settings.", p::validateSystemSettings)
                .forEach(problem -> checks.error(problem.field(), problem.message()));
        checks.done();
        for (SettingDescriptor d : descriptors) {
            Object value = merged.get(d.name());
            if (value == null) {
                continue;
            }
            if (d.secret()) {
                secrets.put(d.name(), value.toString());
            } else {
                settings.put(d.name(), value);
            }
        }
        return new ExternalSystem(id, provider.type(), organization, in.label(), blankToNull(in.description()),
                settings, secrets, null, null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The client's view: non-secret settings, and for each secret only whether it is set. */
    ExternalSystemView view(ExternalSystem s) {
        InstalledProvider provider = providers.find(s.type()).orElse(null);
        Map<String, Object> settings = new TreeMap<>(s.settings());
        Map<String, SecretState> secrets = new TreeMap<>();
        s.secrets().keySet().forEach(name -> secrets.put(name, new SecretState(true)));
        if (provider != null) {
            try {
                for (SettingDescriptor d : provider.provider().systemSettings()) {
                    if (d.secret()) {
                        settings.remove(d.name()); // a setting that became secret is not shown either
                        secrets.putIfAbsent(d.name(), new SecretState(false));
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Provider '{}' failed to describe its settings: {}", s.type(), e.getClass().getName());
            }
        }
        return new ExternalSystemView(s.id(), s.type(), s.organization(), s.label(), s.description(), settings,
                secrets, provider != null, s.created(), s.updated());
    }
}
