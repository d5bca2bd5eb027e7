package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * JSON and the exception policy for every resource. Registered as a Feature rather than as a
 * MessageBodyReader/Writer service: the latter breaks Jersey's injection in the whiteboard.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName("georegistry.api")
public final class ApiFeature implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new JacksonJsonProvider(Json.MAPPER));
        context.register(new ProblemMapper());
        context.register(new BodyLimitFilter());
        return true;
    }
}
