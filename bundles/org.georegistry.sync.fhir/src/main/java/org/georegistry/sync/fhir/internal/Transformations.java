package org.georegistry.sync.fhir.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.api.fhir.FhirImportTransformation;

/**
 * The FHIR import transformations installed right now, as the provider's service references report them. Of two
 * for one id, the higher service ranking, then the newer bundle version wins: deploying a new version of a
 * transformation bundle makes the next run use it. Lookups never call into a transformation.
 */
final class Transformations {

    /** One installed transformation and what identifies it. */
    record Installed(String id, FhirImportTransformation service, String bundle, String version, int ranking,
            long serviceId) {

        Map<String, Object> describe() {
            String label;
            try {
                label = service.label();
            } catch (RuntimeException e) {
                label = id + " (failing: " + e.getClass().getSimpleName() + ")";
            }
            return Map.of("id", id, "label", label == null ? id : label, "bundle", bundle, "version", version);
        }
    }

    private final Map<Long, Installed> byServiceId = new ConcurrentHashMap<>();

    void add(Installed installed) {
        byServiceId.put(installed.serviceId(), installed);
    }

    void remove(long serviceId) {
        byServiceId.remove(serviceId);
    }

    Optional<Installed> find(String id) {
        return byServiceId.values().stream().filter(t -> t.id().equals(id)).max(ORDER);
    }

    /** The transformation in use for each id, by id. */
    List<Installed> list() {
        Map<String, Installed> winners = new ConcurrentHashMap<>();
        byServiceId.values().forEach(t -> winners.merge(t.id(), t, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b));
        List<Installed> out = new ArrayList<>(winners.values());
        out.sort(Comparator.comparing(Installed::id));
        return out;
    }

    List<String> ids() {
        return list().stream().map(Installed::id).toList();
    }

    private static final Comparator<Installed> ORDER = Comparator.comparingInt(Installed::ranking)
            .thenComparing(t -> org.osgi.framework.Version.parseVersion(t.version()))
            .thenComparingLong(Installed::serviceId);
}
