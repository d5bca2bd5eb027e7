package org.georegistry.core.internal.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Imports over a real H2 database: CSV and GeoJSON, the three parent strategies, row errors, unparsable files. */
class ImporterTest {

    /** The database the tests run on; a subclass runs them all on PostgreSQL. */
    org.georegistry.core.internal.store.Database open() {
        return TestDatabases.h2();
    }

    private Storage storage;
    private Importer importer;
    private Caller admin;

    @BeforeEach
    void setUp() {
        storage = new Storage(open());
        storage.organizations().create(new Organization("moh", LocalizedText.of("MoH")));
        storage.types().create(new GeoObjectType("district", "moh", LocalizedText.of("District"), GeometryType.NONE, List.of()));
        storage.types().create(new GeoObjectType("facility", "moh", LocalizedText.of("Facility"), GeometryType.POINT, List.of(
                new Attribute("beds", LocalizedText.of("Beds"), AttributeType.INTEGER, null, false))));
        storage.hierarchies().create(new Hierarchy("admin", "moh", LocalizedText.of("Admin"),
                List.of(new Hierarchy.Node("district", null), new Hierarchy.Node("facility", "district"))));
        storage.database().tx(c -> {
            long id = GeoObjectStore.insert(c, new GeoObject("district", "d1", LocalizedText.of("D1"), null, Map.of(),
                    List.of(), java.time.LocalDate.of(2020, 1, 1), null, null, Map.of()), Instant.now());
            GeoObjectStore.putExternalId(c, id, "dhis2", "DistrictUID");
            return null;
        });
        admin = new Caller(new User(1, "admin", null, Set.of(Role.SRA), Instant.now()));
        importer = new Importer(new Registry(storage));
    }

    @AfterEach
    void tearDown() {
        if (importer != null) {
            importer.stop();
        }
        if (storage != null) {
            storage.database().close();
        }
    }

    private static ImportConfig csvConfig(ImportConfig.Parent parent) {
        return new ImportConfig("csv", "facility", "admin", "code", "name", Map.of("beds", "beds"),
                new ImportConfig.Geometry("latlon", null, "lat", "lon"), parent, "dhis2", "uid");
    }

    @Test
    void csvWithParentsByCodeExternalIdsAndRowErrors() {
        String csv = """
                code,name,beds,lat,lon,district,uid
                f1,Clinic 1,10,-1.5,30.1,d1,Fac00000001
                f2,Clinic 2,many,-1.6,30.2,d1,Fac00000002
                f3,Clinic 3,5,95,30.2,d1,Fac00000003
                f4,Clinic 4,7,-1.7,30.3,nowhere,Fac00000004
                ,,,,,,
                f1,Clinic 1 renamed,11,-1.5,30.1,d1,Fac00000001
                """;
        ImportResult r = importer.runNow(admin, csvConfig(new ImportConfig.Parent("code", "district", null)), csv);
        assertEquals(1, r.created());
        assertEquals(1, r.updated());
        assertEquals(1, r.skipped());
        assertEquals(3, r.failed());
        assertEquals(List.of(2, 3, 4), r.errors().stream().map(ImportResult.RowError::row).toList());
        assertEquals(List.of("beds", "lat,lon", "district"), r.errors().stream().map(ImportResult.RowError::column).toList());
        GeoObject f1 = storage.objects().get("facility", "f1").orElseThrow();
        assertEquals("Clinic 1 renamed", f1.label().defaultValue());
        assertEquals("d1", f1.parents().get(0).code());
        assertEquals(Map.of("dhis2", "Fac00000001"), f1.externalIds());
        assertTrue(f1.geometry().contains("30.1"));
    }

    @Test
    void parentsByExternalIdAndByDhis2Path() {
        String csv = "code,name,beds,lat,lon,parent,uid\n"
                + "a,A,1,0,0,DistrictUID,FacA0000001\n"
                + "b,B,1,0,0,/CountryUID/DistrictUID/FacB0000001,FacB0000001\n";
        ImportResult byExternalId = importer.runNow(admin, csvConfig(new ImportConfig.Parent("externalId", "parent", "dhis2")),
                csv.replace("/CountryUID/DistrictUID/FacB0000001", "DistrictUID"));
        assertEquals(2, byExternalId.created());
        ImportResult byPath = importer.runNow(admin, csvConfig(new ImportConfig.Parent("dhis2Path", "parent", "dhis2")),
                csv.replace("a,A,1,0,0,DistrictUID", "a,A,1,0,0,/DistrictUID/FacA0000001"));
        assertEquals(2, byPath.updated(), () -> byPath.errors().toString());
        assertEquals("d1", storage.objects().get("facility", "b").orElseThrow().parents().get(0).code());
    }

    @Test
    void geoJsonFeatures() {
        String geojson = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"code":"g1","name":"G1","beds":3},"geometry":{"type":"Point","coordinates":[10,10]}},
                 {"type":"Feature","properties":{"code":"g2","name":"G2"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
                ]}""";
        ImportResult r = importer.runNow(admin, new ImportConfig("geojson", "facility", null, "code", "name",
                Map.of("beds", "beds"), null, null, null, null), geojson);
        assertEquals(1, r.created());
        assertEquals(1, r.failed());
        assertEquals("geometry", r.errors().get(0).column());
        assertEquals(3L, ((Number) storage.objects().get("facility", "g1").orElseThrow().attributes().get("beds")).longValue());
    }

    @Test
    void unparsableFilesAndBadConfigurationsStoreNothing() {
        ApiException e = assertThrows(ApiException.class, () -> importer.runNow(admin, new ImportConfig("geojson",
                "facility", null, "code", "name", Map.of(), null, null, null, null), "{\"type\":\"FeatureCollection\",\"features\":[{"));
        assertEquals(400, e.status());
        e = assertThrows(ApiException.class, () -> importer.runNow(admin, new ImportConfig("csv", "facility", null,
                "code", "name", Map.of("color", "c"), null, null, null, null), "code,name\nx,y\n"));
        assertEquals("config.attributes.color", e.problem().errors().get(0).field());
        e = assertThrows(ApiException.class, () -> importer.runNow(admin, csvConfig(new ImportConfig.Parent("code",
                "district", null)), "code,name\n\"unterminated,x\n"));
        assertEquals(400, e.status());
        assertEquals(1, storage.objects().list(new GeoObjectStore.Filter(null, null, null, null, null), 1, 10).total());
    }

    @Test
    void backgroundJobsReportTheirResult() throws Exception {
        ImportResult started = importer.submit(admin, csvConfig(null), "code,name,beds,lat,lon,uid\nz,Z,1,1,1,\n");
        ImportResult done = started;
        for (int i = 0; i < 100 && !"COMPLETED".equals(done.status()); i++) {
            Thread.sleep(50);
            done = importer.get(started.id()).orElseThrow().getValue();
        }
        assertEquals("COMPLETED", done.status());
        assertEquals(1, done.created());
    }
}
