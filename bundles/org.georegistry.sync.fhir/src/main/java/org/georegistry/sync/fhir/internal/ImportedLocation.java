package org.georegistry.sync.fhir.internal;

import java.util.Optional;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.fhir.FhirResource;

/** A Location of a search page, with the Organization the page included for it. */
record ImportedLocation(String id, String json, Optional<FhirResource> organization) implements FhirLocation {

    @Override
    public String resourceType() {
        return "Location";
    }

    /** Any other resource of a page. */
    record Resource(String resourceType, String id, String json) implements FhirResource {}
}
