package org.georegistry.core.internal.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.store.Storage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/health}: open to everyone, for load balancers and start scripts. */
@Component(service = HealthResource.class)
@JakartarsResource
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    /** The health answer; {@code storage} is DOWN until the database is open and migrated (or when it failed). */
    public record Health(String status, String version, int providers, String storage) {}

    private final ProviderRegistry providers;
    private final String version;

    /** Optional and dynamic: health must answer while the database starts, and say so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    @Activate
    public HealthResource(@Reference ProviderRegistry providers, BundleContext context) {
        this.providers = providers;
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    public Health health() {
        return new Health("UP", version, providers.list().size(), storage != null ? "UP" : "DOWN");
    }
}
