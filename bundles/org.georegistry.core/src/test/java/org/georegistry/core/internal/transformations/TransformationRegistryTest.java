package org.georegistry.core.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.model.GeoObjectChange;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** A real registry fed with service references as the framework would hand them (JDK proxies). */
class TransformationRegistryTest {

    private final TransformationRegistry registry = new TransformationRegistry();
    private long nextServiceId = 1;

    private static FhirImportTransformation transformation(String id, String label) {
        return new FhirImportTransformation() {
            @Override public String id() { return id; }
            @Override public String label() { return label; }
            @Override public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
                return List.of();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<FhirImportTransformation> add(FhirImportTransformation t, String bsn, String version,
            Integer ranking) {
        Map<String, Object> properties = new HashMap<>(Map.of(Constants.SERVICE_ID, nextServiceId++,
                FhirImportTransformation.ID_PROPERTY, t.id()));
        if (ranking != null) {
            properties.put(Constants.SERVICE_RANKING, ranking);
        }
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "getVersion" -> Version.parseVersion(version);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ServiceReference<FhirImportTransformation> ref = (ServiceReference<FhirImportTransformation>) Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceReference.class},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "getProperty" -> properties.get((String) args[0]);
                            case "getBundle" -> bundle;
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
        registry.addTransformation(t, ref);
        return ref;
    }

    @Test
    void listsOnePerIdTheNewestVersionWinningUnlessRankedOtherwise() {
        add(transformation("mcsd", "IHE mCSD"), "org.georegistry.fhir.transform.mcsd", "1.0.0", null);
        ServiceReference<FhirImportTransformation> newer =
                add(transformation("mcsd", "IHE mCSD v2"), "org.georegistry.fhir.transform.mcsd", "1.1.0", null);
        add(transformation("example", "Example"), "org.georegistry.fhir.transform.example", "0.1.0", null);
        assertEquals(List.of("example", "mcsd"), registry.list().stream().map(TransformationRegistry.Installed::id)
                .toList());
        assertEquals("1.1.0", registry.list().get(1).bundleVersion());

        add(transformation("mcsd", "Pinned"), "site.override", "0.0.1", 10);
        assertEquals("Pinned", registry.list().get(1).label(), "a higher service ranking wins over versions");

        registry.removeTransformation(newer);
        assertEquals(List.of("example", "Pinned"), registry.list().stream().map(t -> t.id().equals("mcsd")
                ? t.label() : t.id()).toList());
    }

    @Test
    void invalidIdsAreIgnored() {
        add(transformation("not valid!", "Bad"), "bad.bundle", "1.0.0", null);
        assertEquals(List.of(), registry.list());
    }
}
