package org.georegistry.core.internal.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.providers.InstalledProvider;
import org.georegistry.core.internal.providers.ProviderCalls;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.providers.SettingsValidator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/providers}: the sync providers installed right now. */
@Component(service = ProvidersResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("providers")
@Produces(MediaType.APPLICATION_JSON)
public final class ProvidersResource {

    /** One provider as clients see it. */
    public record ProviderInfo(
            String type,
            String label,
            String version,
            BundleInfo bundle,
            Set<Capability> capabilities,
            List<SettingDescriptor> systemSettings,
            List<SettingDescriptor> configSettings) {}

    /** Outcome of validating settings; {@code errors} lists one entry per bad field. */
    public record Validation(boolean valid, List<Problem.FieldError> errors) {}

    /** The bundle that registered a provider. */
    public record BundleInfo(String symbolicName, String version) {}

    private final ProviderRegistry providers;

    @Activate
    public ProvidersResource(@Reference ProviderRegistry providers) {
        this.providers = providers;
    }

    @GET
    public List<ProviderInfo> list() {
        return providers.list().stream().map(ProvidersResource::info).toList();
    }

    @GET
    @Path("{type}")
    public ProviderInfo get(@PathParam("type") String type) {
        return info(installed(type));
    }

    /**
     * Checks external-system settings for a type without storing anything, so a form can show field errors
     * before saving.
     */
    @POST
    @Path("{type}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Validation validate(@PathParam("type") String type, Map<String, Object> settings) {
        if (settings == null) {
            throw ApiException.badRequest("settings", "Send the settings as a JSON object");
        }
        InstalledProvider p = installed(type);
        List<SettingProblem> problems = SettingsValidator.validate(
                ProviderCalls.systemSettings(p.type(), p.provider()), settings, "", p.provider()::validateSystemSettings);
        return new Validation(problems.isEmpty(),
                problems.stream().map(x -> new Problem.FieldError(x.field(), x.message())).toList());
    }

    private InstalledProvider installed(String type) {
        return providers.find(type)
                .orElseThrow(() -> ApiException.notFound("No provider of type '" + type + "' is installed; installed: "
                        + providers.types()));
    }

    /** Describes a provider; the provider's own methods are called here, guarded so one bad provider shows as such. */
    static ProviderInfo info(InstalledProvider p) {
        BundleInfo bundle = new BundleInfo(p.bundleSymbolicName(), p.bundleVersion());
        try {
            return new ProviderInfo(
                    p.type(),
                    p.provider().label(),
                    p.bundleVersion(),
                    bundle,
                    p.provider().capabilities(),
                    p.provider().systemSettings(),
                    p.provider().configSettings());
        } catch (RuntimeException | LinkageError e) {
            return new ProviderInfo(p.type(), p.type() + " (failing: " + e + ")", p.bundleVersion(), bundle,
                    Set.of(), List.of(), List.of());
        }
    }
}
