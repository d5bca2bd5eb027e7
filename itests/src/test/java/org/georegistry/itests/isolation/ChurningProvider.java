package org.georegistry.itests.isolation;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;

/**
 * A sync that keeps the registry busy until cancelled: reads every object of a type and records an external id
 * for each, round after round ({@code R<round>-<code>}), as a long export confirming units one by one does.
 */
public final class ChurningProvider implements SyncProvider {

    public static final String TYPE = "churning";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "Churning";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT);
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return List.of(SettingDescriptor.required("type", "Type", SettingType.TEXT));
    }

    @Override
    public void run(SyncJob job) {
        String type = job.configSettings().text("type", "");
        long processed = 0;
        for (int round = 1; !job.isCancelled(); round++) {
            try (Stream<GeoObject> objects = job.registry().objects(type, Optional.empty())) {
                for (GeoObject o : (Iterable<GeoObject>) objects::iterator) {
                    if (job.isCancelled()) {
                        return;
                    }
                    job.registry().saveExternalId(type, o.code(), "R" + round + "-" + o.code());
                    job.progress("CHURN", ++processed, -1);
                }
            }
        }
    }
}
