package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.georegistry.core.internal.store.Storage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * JSON, request limits, security headers and the exception policy for every resource. Registered as a Feature
 * rather than as a MessageBodyReader/Writer service: the latter breaks Jersey's injection in the whiteboard.
 */
@Component(service = Feature.class, configurationPid = ApiFeature.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ApiFeature.Config.class)
@JakartarsExtension
@JakartarsName("georegistry.api")
public final class ApiFeature implements Feature {

    public static final String PID = "org.georegistry.http";

    @ObjectClassDefinition(name = "GeoRegistry HTTP API limits")
    public @interface Config {
        @AttributeDefinition(description = "Largest accepted request body in bytes, imports excepted (they have"
                + " org.georegistry.imports maxUploadBytes); bigger ones get 413")
        long maxBodyBytes() default 10L * 1024 * 1024;

        @AttributeDefinition(description = "Deepest accepted JSON nesting of a request body; deeper gets 400")
        int maxJsonDepth() default Json.MAX_NESTING_DEPTH;
    }

    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    /** Optional and dynamic, as in HealthResource: the API answers while the database opens, and says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    @Activate
    public ApiFeature(Config config) {
        this.maxBodyBytes = Math.max(1, config.maxBodyBytes());
        this.mapper = Json.MAPPER.copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(Math.max(1, config.maxJsonDepth()))
                .build());
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new JacksonJsonProvider(mapper));
        context.register(new ProblemMapper(() -> storage != null));
        context.register(new BodyLimitFilter(maxBodyBytes));
        context.register(new UnreadBodyDrain(maxBodyBytes));
        context.register(new SecurityHeaders());
        return true;
    }
}
