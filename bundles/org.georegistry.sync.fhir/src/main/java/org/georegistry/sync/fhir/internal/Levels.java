package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.RegistryView;
import org.georegistry.sync.fhir.internal.ConfigSettings.Kind;

/** Decides whether the objects of a level are jurisdictions or facilities. */
final class Levels {

    private Levels() {}

    /**
     * The configured kind, else facility for a type whose objects are points (judged by the first object that has a
     * geometry: the registry keeps one geometry type per Geo-Object Type), else jurisdiction.
     */
    static Kind kind(ConfigSettings.Level level, RegistryView registry, ObjectMapper mapper) {
        if (level.kind() != null) {
            return level.kind();
        }
        try (Stream<GeoObject> objects = registry.objects(level.type(), Optional.empty())) {
            return objects.filter(o -> o.geometry() != null).findFirst()
                    .map(o -> GeoJson.read(mapper, o.geometry()))
                    .filter(shape -> shape != null && shape.point())
                    .map(shape -> Kind.FACILITY).orElse(Kind.JURISDICTION);
        }
    }
}
