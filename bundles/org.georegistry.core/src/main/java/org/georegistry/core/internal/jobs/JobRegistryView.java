package org.georegistry.core.internal.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.RegistryView;
import org.georegistry.core.internal.store.GeoObjectStore;

/**
 * The registry as one job's provider sees it: reads of the latest versions, and external ids recorded for the
 * job's external system only, each committed at once so what the peer confirmed survives a crash.
 */
final class JobRegistryView implements RegistryView {

    private final GeoObjectStore objects;
    private final String systemId;

    JobRegistryView(GeoObjectStore objects, String systemId) {
        this.objects = objects;
        this.systemId = systemId;
    }

    @Override
    public Stream<GeoObject> objects(String typeCode, Optional<Instant> changedSince) {
        return objects.stream(typeCode, changedSince.orElse(null));
    }

    @Override
    public Optional<GeoObject> find(String typeCode, String code) {
        return objects.get(typeCode, code);
    }

    @Override
    public void saveExternalId(String typeCode, String code, String externalId) {
        objects.database().tx(c -> {
            long id = GeoObjectStore.idOf(c, typeCode, code).orElseThrow(
                    () -> new IllegalArgumentException("No Geo-Object " + typeCode + "/" + code));
            GeoObjectStore.putExternalId(c, id, systemId, externalId);
            return null;
        });
    }
}
