package org.georegistry.core.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.importer.ImportConfig;
import org.georegistry.core.internal.importer.ImportResult;
import org.georegistry.core.internal.importer.Importer;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Imports 100,000 point rows (with a parent and an external id each) into H2 and prints time and peak heap.
 * Skipped unless run with {@code -Dgeoregistry.benchmark=true}, e.g.
 * {@code mvn -B verify -pl bundles/org.georegistry.api,bundles/org.georegistry.core -Dtest=ImportBenchmarkTest
 * -Dgeoregistry.benchmark=true -DargLine=-Xmx512m}.
 */
@EnabledIfSystemProperty(named = "georegistry.benchmark", matches = "true")
final class ImportBenchmarkTest {

    static final int ROWS = 100_000;

    /** A CSV of {@code rows} facilities in 10 districts: code, name, beds, lat, lon, district, uid. */
    static String csv(int rows) {
        StringBuilder sb = new StringBuilder(rows * 64).append("code,name,beds,lat,lon,district,uid\n");
        for (int i = 0; i < rows; i++) {
            sb.append("F").append(i).append(",Facility ").append(i).append(',').append(i % 300).append(',')
                    .append(-10 + (i % 2000) / 100.0).append(',').append(20 + (i % 3000) / 100.0).append(",D")
                    .append(i % 10).append(",U").append(String.format("%010d", i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void import100kPoints() {
        Storage storage = new Storage(TestDatabases.h2());
        try {
            storage.organizations().create(new Organization("moh", LocalizedText.of("MoH")));
            storage.types().create(new GeoObjectType("district", "moh", LocalizedText.of("D"), GeometryType.NONE, List.of()));
            storage.types().create(new GeoObjectType("facility", "moh", LocalizedText.of("F"), GeometryType.POINT, List.of(
                    new Attribute("beds", LocalizedText.of("Beds"), AttributeType.INTEGER, null, false))));
            storage.hierarchies().create(new Hierarchy("admin", "moh", LocalizedText.of("A"),
                    List.of(new Hierarchy.Node("district", null), new Hierarchy.Node("facility", "district"))));
            for (int d = 0; d < 10; d++) {
                GeoObject district = new GeoObject("district", "D" + d, LocalizedText.of("D" + d), null, Map.of(),
                        List.of(), LocalDate.now(), null, null, Map.of());
                storage.database().tx(c -> GeoObjectStore.insert(c, district, Instant.now()));
            }
            Importer importer = new Importer(new Registry(storage));
            Caller admin = new Caller(new User(1, "admin", null, Set.of(Role.SRA), Instant.now()));
            ImportConfig config = new ImportConfig("csv", "facility", "admin", "code", "name", Map.of("beds", "beds"),
                    new ImportConfig.Geometry("latlon", null, "lat", "lon"),
                    new ImportConfig.Parent("code", "district", null), "dhis2", "uid");
            String file = csv(ROWS);
            resetPeaks();
            long start = System.nanoTime();
            ImportResult result = importer.runNow(admin, config, file);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(ROWS, result.created(), () -> result.errors().toString());
            System.out.printf("BENCHMARK import: %d rows into H2 in %.1f s (%.0f rows/s); peak heap %d MB of max %d MB"
                    + " (file %d MB)%n", ROWS, seconds, ROWS / seconds, peakHeapMb(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), file.length() / (1024 * 1024));
            importer.stop();
        } finally {
            storage.database().close();
        }
    }

    static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }
}
