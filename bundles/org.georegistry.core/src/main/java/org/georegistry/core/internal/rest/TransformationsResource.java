package org.georegistry.core.internal.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.transformations.TransformationRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/transformations}: the FHIR import transformations installed right now. */
@Component(service = TransformationsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("transformations")
@Produces(MediaType.APPLICATION_JSON)
public final class TransformationsResource {

    /** One transformation as clients see it; {@code bundle} is the bundle that registered it. */
    public record TransformationInfo(String id, String label, ProvidersResource.BundleInfo bundle) {}

    private final TransformationRegistry transformations;

    @Activate
    public TransformationsResource(@Reference TransformationRegistry transformations) {
        this.transformations = transformations;
    }

    @GET
    public List<TransformationInfo> list() {
        return transformations.list().stream().map(t -> new TransformationInfo(t.id(), t.label(),
                new ProvidersResource.BundleInfo(t.bundleSymbolicName(), t.bundleVersion()))).toList();
    }
}
