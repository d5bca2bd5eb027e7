package org.georegistry.api.fhir;

import java.util.List;
import org.georegistry.api.model.GeoObjectChange;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns FHIR Locations (with their Organizations) into registry changes during a FHIR import. Register an
 * implementation as an OSGi service with the property {@link #ID_PROPERTY} set to {@link #id()}; an import
 * configuration names the id it uses. Transformations come and go at runtime: a bundle dropped into
 * {@code deploy/} is used by the next run, and a newer version of the same id replaces the older one.
 *
 * <p>A transformation is called from the import's own thread, one Location at a time, with a time limit per page
 * of results; a call that throws or runs too long fails the Locations concerned, never the job. Changes it answers
 * are checked by the registry like any REST input (a bad one is reported and stored nowhere), so a transformation
 * cannot corrupt the registry. Implementations must be thread-safe: two imports may run at once.
 */
@ConsumerType
public interface FhirImportTransformation {

    /** Service property carrying the transformation's id. */
    String ID_PROPERTY = "georegistry.fhir.transformation";

    /** Stable id that configurations name, e.g. {@code mcsd}: letters, digits, '.', '_' and '-'. */
    String id();

    /** What administrators see when choosing a transformation, e.g. "IHE mCSD (default)". */
    String label();

    /**
     * The registry changes one Location stands for: usually one {@link GeoObjectChange} (type, code, label,
     * geometry, attributes, parent by external id or code, external id = {@link FhirLocation#id()}), none to skip
     * it. Throw {@link IllegalArgumentException} with a sentence a user can act on for a Location that cannot be
     * read; it is reported for that Location and the import goes on.
     */
    List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context);
}
