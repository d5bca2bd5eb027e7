package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The storage behaviour every supported database must show; subclasses say which database. */
abstract class StoreContract {

    Database db;
    OrganizationStore orgs;
    UserStore users;
    ClassificationStore classifications;
    TypeStore types;
    HierarchyStore hierarchies;
    GeoObjectStore objects;

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        orgs = new OrganizationStore(db);
        users = new UserStore(db);
        classifications = new ClassificationStore(db);
        types = new TypeStore(db);
        hierarchies = new HierarchyStore(db);
        objects = new GeoObjectStore(db);
        orgs.create(new Organization("moh", LocalizedText.of("Ministry of Health")));
        classifications.create(new Classification("ownership", "moh", LocalizedText.of("Ownership"),
                List.of(new Term("public", LocalizedText.of("Public")), new Term("private", LocalizedText.of("Private")))));
        types.create(new GeoObjectType("province", "moh", LocalizedText.of("Province"), GeometryType.MULTIPOLYGON, List.of()));
        types.create(new GeoObjectType("facility", "moh", LocalizedText.of("Facility"), GeometryType.POINT, List.of(
                new Attribute("beds", LocalizedText.of("Beds"), AttributeType.INTEGER, null, false),
                new Attribute("owner", LocalizedText.of("Owner"), AttributeType.TERM, "ownership", true))));
        hierarchies.create(new Hierarchy("admin", "moh", LocalizedText.of("Admin"),
                List.of(new Hierarchy.Node("province", null), new Hierarchy.Node("facility", "province"))));
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private static GeoObject object(String type, String code, String geometry, Map<String, Object> attributes) {
        return new GeoObject(type, code, LocalizedText.of(code.toUpperCase()), geometry, attributes, List.of(),
                LocalDate.of(2020, 1, 1), null, null, Map.of());
    }

    private long insert(GeoObject o) {
        return db.tx(c -> GeoObjectStore.insert(c, o, Instant.now()));
    }

    /** Facilities s00000, s00001, ... in one transaction, as an import batch writes them. */
    private void insertFacilities(int count) {
        db.tx(c -> {
            for (int i = 0; i < count; i++) {
                GeoObjectStore.insert(c, object("facility", String.format("s%05d", i), null, Map.of()), Instant.now());
            }
            return null;
        });
    }

    @Test
    void organizationsRoundTripAndDuplicatesAreRefused() {
        assertEquals("Ministry of Health", orgs.get("moh").orElseThrow().label().defaultValue());
        assertThrows(DuplicateException.class, () -> orgs.create(new Organization("moh", LocalizedText.of("x"))));
        assertThrows(InUseException.class, () -> orgs.delete("moh"));
        orgs.update(new Organization("moh", new LocalizedText(Map.of("en", "MoH", "fr", "MdS"))));
        assertEquals("MdS", orgs.get("moh").orElseThrow().label().get("fr"));
    }

    @Test
    void usersAndTokens() {
        User u = users.create("ann", "$2y$hash", "moh", EnumSet.of(Role.RA, Role.RM));
        assertEquals(Set.of(Role.RA, Role.RM), users.get(u.id()).orElseThrow().roles());
        assertEquals("$2y$hash", users.credentials("ann").orElseThrow().passwordHash());
        assertThrows(DuplicateException.class, () -> users.create("ann", "h", null, Set.of(Role.SRA)));
        var token = users.createToken(u.id(), "ci", "a".repeat(64));
        assertEquals("ann", users.byTokenHash("a".repeat(64)).orElseThrow().username());
        assertEquals(List.of(token.id()), users.tokens(u.id()).stream().map(t -> t.id()).toList());
        assertTrue(users.revokeToken(u.id(), token.id()));
        assertTrue(users.byTokenHash("a".repeat(64)).isEmpty());
        assertTrue(users.update(u.id(), "moh", Set.of(Role.CONSUMER), "$2y$new"));
        assertEquals("$2y$new", users.credentials("ann").orElseThrow().passwordHash());
        assertEquals(1, users.count());
    }

    @Test
    void typesClassificationsAndHierarchiesRoundTrip() {
        GeoObjectType facility = types.get("facility").orElseThrow();
        assertEquals(GeometryType.POINT, facility.geometryType());
        assertEquals(List.of("beds", "owner"), facility.attributes().stream().map(Attribute::code).toList());
        assertEquals("ownership", facility.attribute("owner").orElseThrow().classification());
        assertTrue(classifications.get("ownership").orElseThrow().hasTerm("private"));
        assertThrows(InUseException.class, () -> classifications.delete("ownership"));
        Hierarchy admin = hierarchies.get("admin").orElseThrow();
        assertEquals(List.of("province", "facility"), admin.typesParentFirst());
        assertEquals(Optional.of("province"), admin.parentOf("facility"));
        assertThrows(InUseException.class, () -> types.delete("province"));
    }

    @Test
    void geoObjectsWithParentsExternalIdsAndPaging() {
        long north = insert(object("province", "north", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]]]}", Map.of()));
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 5; i++) {
            long id = insert(object("facility", "f" + i, "{\"type\":\"Point\",\"coordinates\":[0.5,0.2]}",
                    Map.of("beds", i, "owner", "public")));
            db.tx(c -> {
                GeoObjectStore.setParent(c, id, "admin", north);
                return null;
            });
        }
        GeoObject f3 = objects.get("facility", "f3").orElseThrow();
        assertEquals(List.of(new ParentLink("admin", "province", "north")), f3.parents());
        assertEquals(3, ((Number) f3.attributes().get("beds")).intValue());
        assertEquals(LocalDate.of(2020, 1, 1), f3.validFrom());
        assertTrue(f3.geometry().contains("Point"));

        assertThrows(DuplicateException.class, () -> insert(object("facility", "f3", null, Map.of())));

        var page = objects.list(new GeoObjectStore.Filter("facility", null, null, null, null), 2, 2);
        assertEquals(5, page.total());
        assertEquals(List.of("f2", "f3"), page.items().stream().map(GeoObject::code).toList());
        var children = objects.list(new GeoObjectStore.Filter(null, north, "admin", null, null), 1, 50);
        assertEquals(5, children.total());
        // children narrowed by type and organization (checked per child rather than through the type index)
        var typed = objects.list(new GeoObjectStore.Filter("facility", north, "admin", null, "moh"), 2, 2);
        assertEquals(5, typed.total());
        assertEquals(List.of("f2", "f3"), typed.items().stream().map(GeoObject::code).toList());
        assertEquals(0, objects.list(new GeoObjectStore.Filter("province", north, "admin", null, "moh"), 1, 50).total());
        assertEquals(0, objects.list(new GeoObjectStore.Filter("facility", north, "admin", null, "other"), 1, 50).total());
        assertEquals(0, objects.list(new GeoObjectStore.Filter(null, north, "other", null, null), 1, 50).total());
        assertEquals(6, objects.list(new GeoObjectStore.Filter(null, null, null, before.minusSeconds(60), "moh"), 1, 50).total());
        assertEquals(0, objects.list(new GeoObjectStore.Filter(null, null, null, null, "other"), 1, 50).total());

        long f1 = db.read(c -> GeoObjectStore.idOf(c, "facility", "f1")).orElseThrow();
        long f2 = db.read(c -> GeoObjectStore.idOf(c, "facility", "f2")).orElseThrow();
        db.tx(c -> {
            GeoObjectStore.putExternalId(c, f1, "dhis2-a", "Abc123");
            GeoObjectStore.putExternalId(c, f1, "dhis2-a", "Abc456"); // replaces, one per (object, system)
            return null;
        });
        assertEquals(Map.of("dhis2-a", "Abc456"), objects.get("facility", "f1").orElseThrow().externalIds());
        assertEquals(Optional.of(f1), db.read(c -> GeoObjectStore.byExternalId(c, "dhis2-a", "Abc456")));
        assertThrows(DuplicateException.class, () -> db.tx(c -> {
            GeoObjectStore.putExternalId(c, f2, "dhis2-a", "Abc456");
            return null;
        }));
        assertTrue(db.<Boolean>read(c -> GeoObjectStore.isAncestorOrSelf(c, north, f1, "admin")));
        assertFalse(db.<Boolean>read(c -> GeoObjectStore.isAncestorOrSelf(c, f1, north, "admin")));
        assertThrows(InUseException.class, () -> objects.delete("province", "north"));
        assertTrue(objects.delete("facility", "f1"));
    }

    /**
     * Runs {@code second} in its own transaction on another thread while this thread's transaction has set object
     * {@code id}'s "sys" id to A and not yet committed (for 300 ms), and waits for it.
     */
    private void whileAnUncommittedWriterSetsA(long id, Database.Work<Void> second) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Future<?>> later = new ArrayList<>();
            db.tx(c -> {
                GeoObjectStore.putExternalId(c, id, "sys", "A");
                later.add(other.submit(() -> db.tx(second)));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            later.get(0).get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void twoWritersOfOneObjectsExternalIdBothSucceedAndTheLaterWins() throws Exception {
        long f = insert(object("facility", "f", null, Map.of()));
        // a second request for the same object and system arrives while the first is uncommitted: it must wait
        // for it and replace its id, not take the first one's row for "another Geo-Object's" id
        whileAnUncommittedWriterSetsA(f, c -> {
            GeoObjectStore.putExternalId(c, f, "sys", "B");
            return null;
        });
        assertEquals(Map.of("sys", "B"), objects.get("facility", "f").orElseThrow().externalIds());
    }

    @Test
    void aBatchOfExternalIdsWaitsForASingleWriterOfOneOfItsObjectsAndReplacesItsId() throws Exception {
        long f = insert(object("facility", "f", null, Map.of()));
        long g = insert(object("facility", "g", null, Map.of()));
        // an export confirms a batch naming f while a request's write of f's id is uncommitted: the batch must wait
        // and replace it, not fail on the request's row as "another Geo-Object's" id
        whileAnUncommittedWriterSetsA(f, c -> {
            GeoObjectStore.putExternalIds(c, "facility", "sys", Map.of("f", "B", "g", "C"));
            return null;
        });
        assertEquals(Map.of("sys", "B"), objects.get("facility", "f").orElseThrow().externalIds());
        assertEquals(Map.of("sys", "C"), objects.get("facility", "g").orElseThrow().externalIds());
        assertEquals(Optional.of(g), db.read(c -> GeoObjectStore.byExternalId(c, "sys", "C")));
    }

    @Test
    void aFailedTransactionLeavesNothing() {
        assertThrows(DuplicateException.class, () -> db.tx(c -> {
            GeoObjectStore.insert(c, object("facility", "a", null, Map.of()), Instant.now());
            GeoObjectStore.insert(c, object("facility", "a", null, Map.of()), Instant.now());
            return null;
        }));
        assertTrue(objects.get("facility", "a").isEmpty());
    }

    @Test
    void streamsInCodeOrderWithChangedSince() {
        insertFacilities(1200);
        try (Stream<GeoObject> all = objects.stream("facility", null)) {
            List<String> codes = all.map(GeoObject::code).toList();
            assertEquals(1200, codes.size());
            assertEquals("s00000", codes.get(0));
            assertEquals("s01199", codes.get(1199));
        }
        try (Stream<GeoObject> none = objects.stream("facility", Instant.now().plusSeconds(5))) {
            assertEquals(0, none.count());
        }
    }

    @Test
    void aStreamReadsInShortChunksSoWritesMeanwhileAreNeitherBlockedNorLost() {
        insertFacilities(1000);
        List<String> codes = new ArrayList<>();
        try (Stream<GeoObject> all = objects.stream("facility", null)) {
            all.forEach(o -> {
                codes.add(o.code());
                if (codes.size() == 600) {
                    // an export records ids as the peer confirms them, and a user adds an object, mid-stream
                    db.tx(c -> {
                        GeoObjectStore.putExternalId(c, GeoObjectStore.idOf(c, "facility", "s00001").orElseThrow(),
                                "sys", "X1");
                        return GeoObjectStore.insert(c, object("facility", "s99999", null, Map.of()), Instant.now());
                    });
                }
            });
        }
        assertEquals(1001, codes.size());
        assertEquals(1001, new java.util.HashSet<>(codes).size());
        assertEquals("s99999", codes.get(1000));
    }

    @Test
    void migrationsAreIdempotentAndRecorded() {
        int changeSets = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM databasechangelog");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertTrue(changeSets >= 4, "changeSets applied: " + changeSets);
    }
}
