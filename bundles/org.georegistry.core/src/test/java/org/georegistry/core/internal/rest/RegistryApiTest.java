package org.georegistry.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.Term;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.registry.GeoObjectInput;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST resources called directly over a real H2 database: validation, scoping and what gets stored. */
class RegistryApiTest {

    /** The database the tests run on; a subclass runs them all on PostgreSQL. */
    org.georegistry.core.internal.store.Database open() {
        return TestDatabases.h2();
    }

    private Storage storage;
    private SecurityContext sra;
    private SecurityContext mohMaintainer;
    private SecurityContext mohContributor;
    private SecurityContext otherAdmin;
    private GeoObjectsResource objects;
    private GeoObjectTypesResource types;
    private HierarchiesResource hierarchies;

    @BeforeEach
    void setUp() {
        storage = new Storage(open());
        sra = as("root", null, Role.SRA);
        objects = new GeoObjectsResource(new Registry(storage));
        types = new GeoObjectTypesResource(storage);
        hierarchies = new HierarchiesResource(storage);
        OrganizationsResource orgs = new OrganizationsResource(storage);
        orgs.create(sra, new Organization("moh", LocalizedText.of("MoH")));
        orgs.create(sra, new Organization("other", LocalizedText.of("Other")));
        mohMaintainer = as("mary", "moh", Role.RM);
        mohContributor = as("carl", "moh", Role.RC);
        otherAdmin = as("olga", "other", Role.RA);
        new ClassificationsResource(storage).create(sra, new Classification("ownership", "moh", LocalizedText.of("Own"),
                List.of(new Term("public", LocalizedText.of("Public")))));
        types.create(sra, new GeoObjectType("province", "moh", LocalizedText.of("Province"), GeometryType.MULTIPOLYGON, List.of()));
        types.create(sra, new GeoObjectType("facility", "moh", LocalizedText.of("Facility"), GeometryType.POINT, List.of(
                new Attribute("beds", LocalizedText.of("Beds"), AttributeType.INTEGER, null, false),
                new Attribute("owner", LocalizedText.of("Owner"), AttributeType.TERM, "ownership", true))));
        hierarchies.create(sra, new Hierarchy("admin", "moh", LocalizedText.of("Admin"),
                List.of(new Hierarchy.Node("province", null), new Hierarchy.Node("facility", "province"))));
        objects.create(mohMaintainer, input("province", "north", "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,0],[2,2],[0,0]]]}",
                Map.of(), Map.of()));
    }

    @AfterEach
    void tearDown() {
        if (storage != null) {
            storage.database().close();
        }
    }

    private SecurityContext as(String name, String org, Role role) {
        User user = storage.users().create(name, "not-a-hash", org, Set.of(role));
        return new SecurityContext() {
            public Principal getUserPrincipal() { return new Caller(user); }
            public boolean isUserInRole(String r) { return false; }
            public boolean isSecure() { return false; }
            public String getAuthenticationScheme() { return BASIC_AUTH; }
        };
    }

    private static GeoObjectInput input(String type, String code, String geometry, Map<String, Object> attributes,
            Map<String, Object> parents) {
        try {
            return new GeoObjectInput(type, code, LocalizedText.of(code), geometry == null ? null : Json.MAPPER.readTree(geometry),
                    Json.MAPPER.convertValue(attributes, Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class)),
                    Json.MAPPER.convertValue(parents, Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class)),
                    null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fields(ApiException e) {
        return e.problem().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void createsAnObjectWithParentAndAnswersGeoJson() throws Exception {
        objects.create(mohMaintainer, input("facility", "f1", "{\"type\":\"Point\",\"coordinates\":[1,1]}",
                Map.of("beds", 3, "owner", "public"), Map.of("admin", "north")));
        GeoObject f1 = objects.get(mohContributor, "facility", "f1");
        assertEquals("north", f1.parents().get(0).code());
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(f1));
        assertEquals("Point", json.path("geometry").path("type").asText());
        assertEquals("facility", json.path("type").asText());
        assertEquals(1, objects.children(mohContributor, "province", "north", "admin", "1", "50").total());
    }

    @Test
    void badObjectsNameTheirFieldsAndStoreNothing() {
        ApiException e = assertThrows(ApiException.class, () -> objects.create(mohMaintainer, input("facility", "f2",
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}",
                Map.of("beds", "many", "color", "red"), Map.of())));
        assertEquals(400, e.status());
        assertEquals(Set.of("geometry", "attributes.beds", "attributes.color", "attributes.owner"), Set.copyOf(fields(e)));
        e = assertThrows(ApiException.class, () -> objects.create(mohMaintainer, input("facility", "f3", null,
                Map.of("owner", "public"), Map.of("admin", Map.of("type", "facility", "code", "north")))));
        assertEquals(List.of("parents.admin"), fields(e));
        assertTrue(e.problem().errors().get(0).message().contains("wrong type"));
        assertEquals(1, storage.objects().list(new org.georegistry.core.internal.store.GeoObjectStore.Filter(null, null, null, null, null), 1, 10).total());
    }

    @Test
    void organizationsAreIsolatedAndReadersCannotWrite() {
        assertEquals(404, assertThrows(ApiException.class, () -> objects.get(otherAdmin, "province", "north")).status());
        assertEquals(0, objects.list(otherAdmin, null, null, null, null, "1", "50").total());
        assertEquals(1, objects.list(mohContributor, null, null, null, null, "1", "50").total());
        assertEquals(403, assertThrows(ApiException.class, () -> objects.create(mohContributor,
                input("province", "south", null, Map.of(), Map.of()))).status());
        assertEquals(403, assertThrows(ApiException.class, () -> types.create(mohMaintainer,
                new GeoObjectType("x", "moh", LocalizedText.of("X"), GeometryType.NONE, List.of()))).status());
        assertTrue(types.list(otherAdmin).isEmpty());
    }

    @Test
    void hierarchyCyclesAreRejected() {
        ApiException e = assertThrows(ApiException.class, () -> hierarchies.create(sra, new Hierarchy("cyc", "moh",
                LocalizedText.of("C"), List.of(new Hierarchy.Node("province", "facility"), new Hierarchy.Node("facility", "province")))));
        assertEquals(List.of("nodes"), fields(e));
        assertTrue(storage.hierarchies().get("cyc").isEmpty());
    }

    @Test
    void externalIdsAreUniquePerSystemAndFindable() {
        objects.putExternalId(mohMaintainer, "province", "north", "dhis2", new GeoObjectsResource.ExternalIdInput("Ab1"));
        assertEquals("north", objects.byExternalId(mohContributor, "dhis2", "Ab1").code());
        objects.create(mohMaintainer, input("province", "south", null, Map.of(), Map.of()));
        assertThrows(org.georegistry.core.internal.store.DuplicateException.class, () -> objects.putExternalId(
                mohMaintainer, "province", "south", "dhis2", new GeoObjectsResource.ExternalIdInput("Ab1")));
        assertEquals(404, assertThrows(ApiException.class, () -> objects.byExternalId(otherAdmin, "dhis2", "Ab1")).status());
    }
}
