/**
 * The FHIR import extension point. A bundle that knows how to read a kind of FHIR data (IHE mCSD, a national
 * profile, a vendor's extensions) registers a {@link org.georegistry.api.fhir.FhirImportTransformation} service;
 * the FHIR provider hands it each Location it pages through and stores the registry changes it answers. This
 * package does not depend on HAPI FHIR: resources arrive as FHIR JSON text.
 */
@Export
@Version("1.0.0")
package org.georegistry.api.fhir;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
