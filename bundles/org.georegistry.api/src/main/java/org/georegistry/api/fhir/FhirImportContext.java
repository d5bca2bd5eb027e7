package org.georegistry.api.fhir;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What a transformation knows about the import it works for. */
@ProviderType
public interface FhirImportContext {

    /** The identifier system of the external system: identifiers of this system carry Geo-Object codes. */
    String identifierSystem();

    /** The FHIR base URL of the server the resources come from. */
    String serverBase();

    /** The hierarchy the import sets parents in. */
    String hierarchy();

    /** The Geo-Object Type codes of that hierarchy, root types first. */
    List<String> types();

    /**
     * The configuration's {@code transformationSettings} object as JSON values (String, Number, Boolean, List,
     * Map), for options a transformation defines itself, e.g. a type mapping. Empty when none were given.
     */
    Map<String, Object> settings();
}
