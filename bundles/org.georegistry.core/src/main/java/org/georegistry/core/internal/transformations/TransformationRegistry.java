package org.georegistry.core.internal.transformations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the installed FHIR import transformations as their bundles come and go, for {@code GET
 * /api/transformations}. Of two services with one id, the higher service ranking, then the newer bundle version,
 * is the one in use (the FHIR provider chooses the same way). Never calls into a transformation but for its label,
 * once, when it arrives.
 */
@Component(service = TransformationRegistry.class)
public final class TransformationRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TransformationRegistry.class);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}");

    /** One transformation as clients see it. */
    public record Installed(String id, String label, String bundleSymbolicName, String bundleVersion, int ranking,
            long serviceId) {}

    private final Map<Long, Installed> byServiceId = new ConcurrentHashMap<>();

    @Reference(
            service = FhirImportTransformation.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransformation(FhirImportTransformation transformation, ServiceReference<FhirImportTransformation> ref) {
        long serviceId = (Long) ref.getProperty(Constants.SERVICE_ID);
        String bsn = ref.getBundle().getSymbolicName();
        String id;
        String label;
        try {
            Object prop = ref.getProperty(FhirImportTransformation.ID_PROPERTY);
            id = prop != null ? prop.toString() : transformation.id();
            label = transformation.label();
        } catch (RuntimeException e) {
            LOG.error("Ignoring the FHIR transformation of bundle {}: {}", bsn, e.toString());
            return;
        }
        if (id == null || !ID.matcher(id).matches()) {
            LOG.error("Ignoring the FHIR transformation of bundle {}: invalid id '{}'", bsn, id);
            return;
        }
        Object rank = ref.getProperty(Constants.SERVICE_RANKING);
        Installed installed = new Installed(id, label == null ? id : label, bsn,
                ref.getBundle().getVersion().toString(), rank instanceof Integer r ? r : 0, serviceId);
        byServiceId.put(serviceId, installed);
        LOG.info("FHIR transformation '{}' available from {} {}", id, bsn, installed.bundleVersion());
    }

    void removeTransformation(ServiceReference<FhirImportTransformation> ref) {
        Installed gone = byServiceId.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        if (gone != null) {
            LOG.info("FHIR transformation '{}' of {} {} removed", gone.id(), gone.bundleSymbolicName(),
                    gone.bundleVersion());
        }
    }

    /** The transformation in use for each id, ordered by id. */
    public List<Installed> list() {
        Map<String, Installed> winners = new ConcurrentHashMap<>();
        for (Installed t : byServiceId.values()) {
            winners.merge(t.id(), t, (a, b) -> outranks(b, a) ? b : a);
        }
        List<Installed> out = new ArrayList<>(winners.values());
        out.sort(Comparator.comparing(Installed::id));
        return out;
    }

    static boolean outranks(Installed a, Installed b) {
        if (a.ranking() != b.ranking()) {
            return a.ranking() > b.ranking();
        }
        int byVersion = org.osgi.framework.Version.parseVersion(a.bundleVersion())
                .compareTo(org.osgi.framework.Version.parseVersion(b.bundleVersion()));
        return byVersion != 0 ? byVersion > 0 : a.serviceId() > b.serviceId();
    }
}
