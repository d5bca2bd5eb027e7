package org.georegistry.api.fhir;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** A Location found by the import, with the Organization the search included for it. */
@ProviderType
public interface FhirLocation extends FhirResource {

    /**
     * The Organization the Location's {@code managingOrganization} points at, when the server included it
     * ({@code _include=Location:organization}); empty when the Location has none or the server did not include it.
     */
    Optional<FhirResource> organization();
}
