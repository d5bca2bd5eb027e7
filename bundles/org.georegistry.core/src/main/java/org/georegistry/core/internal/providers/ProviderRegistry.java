package org.georegistry.core.internal.providers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.georegistry.api.sync.SyncProvider;
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
 * Tracks every {@link SyncProvider} service as bundles come and go. Of several providers for one type, the one
 * with the highest service ranking wins. Lookups never call into a provider, so a misbehaving provider cannot
 * block the registry.
 */
@Component(service = ProviderRegistry.class)
public final class ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
    static final Pattern TYPE_KEY = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,62}");

    private final Map<Long, InstalledProvider> byServiceId = new ConcurrentHashMap<>();

    @Reference(
            service = SyncProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(SyncProvider provider, ServiceReference<SyncProvider> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        String bsn = ref.getBundle().getSymbolicName();
        String type;
        try {
            Object prop = ref.getProperty(SyncProvider.TYPE_PROPERTY);
            type = prop != null ? prop.toString() : provider.type();
        } catch (RuntimeException e) {
            LOG.error("Ignoring the sync provider of bundle {}: its type() failed: {}", bsn, e.toString());
            return;
        }
        if (type == null || !TYPE_KEY.matcher(type).matches()) {
            LOG.error("Ignoring the sync provider of bundle {}: invalid type key '{}'", bsn, type);
            return;
        }
        Object rank = ref.getProperty(Constants.SERVICE_RANKING);
        InstalledProvider installed = new InstalledProvider(
                type,
                provider,
                bsn,
                ref.getBundle().getVersion().toString(),
                rank instanceof Integer r ? r : 0,
                id);
        byServiceId.put(id, installed);
        LOG.info("Sync provider '{}' available from {} {}", type, bsn, installed.bundleVersion());
    }

    void removeProvider(ServiceReference<SyncProvider> ref) {
        InstalledProvider gone = byServiceId.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        if (gone != null) {
            LOG.info("Sync provider '{}' of {} {} removed", gone.type(), gone.bundleSymbolicName(), gone.bundleVersion());
        }
    }

    /** The provider in use for each type, ordered by type. */
    public List<InstalledProvider> list() {
        Map<String, InstalledProvider> winners = new ConcurrentHashMap<>();
        for (InstalledProvider p : byServiceId.values()) {
            winners.merge(p.type(), p, (a, b) -> b.outranks(a) ? b : a);
        }
        List<InstalledProvider> out = new ArrayList<>(winners.values());
        out.sort(Comparator.comparing(InstalledProvider::type));
        return out;
    }

    /** The provider in use for a type. */
    public Optional<InstalledProvider> find(String type) {
        return list().stream().filter(p -> p.type().equals(type)).findFirst();
    }

    /** Whether the provider service with this id is still registered. */
    public boolean installed(long serviceId) {
        return byServiceId.containsKey(serviceId);
    }

    /** The type keys installed now, for error messages. */
    public List<String> types() {
        return list().stream().map(InstalledProvider::type).toList();
    }
}
