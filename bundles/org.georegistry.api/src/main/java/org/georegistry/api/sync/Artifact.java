package org.georegistry.api.sync;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A file a provider produces on request, e.g. the FHIR Bundle an export would send, a DHIS2 app plugin, or a
 * Reveal GeoJSON export. Written straight to the HTTP response, so a large one must be streamed, not built in
 * memory.
 *
 * @since 1.2
 */
@ConsumerType
public interface Artifact {

    /** The file name offered to the client, e.g. {@code bundle.json}. */
    String fileName();

    /** The media type, e.g. {@code application/fhir+json}. */
    String mediaType();

    /**
     * Writes the content. By now the response has started, so check request parameters in
     * {@link SyncProvider#artifact} (throwing {@link IllegalArgumentException} there gives the client a 400).
     */
    void writeTo(OutputStream out) throws IOException;
}
