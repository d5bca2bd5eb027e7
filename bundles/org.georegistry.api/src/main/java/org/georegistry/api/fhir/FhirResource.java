package org.georegistry.api.fhir;

import org.osgi.annotation.versioning.ProviderType;

/** One FHIR R4 resource as the server sent it. */
@ProviderType
public interface FhirResource {

    /** The resource type, e.g. {@code Location}. */
    String resourceType();

    /** The logical id on the server (the part after {@code Location/}), or null when the server gave none. */
    String id();

    /**
     * The resource as FHIR R4 JSON text, exactly as the server sent it. Read it with Jackson (the runtime provides
     * {@code com.fasterxml.jackson.databind}), or parse it with HAPI FHIR's {@code IParser} when the transformation
     * bundle embeds {@code hapi-fhir-structures-r4} itself.
     */
    String json();
}
