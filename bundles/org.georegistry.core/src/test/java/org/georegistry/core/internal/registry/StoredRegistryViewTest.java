package org.georegistry.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.RegistryView;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StoredRegistryViewTest {

    private final Storage storage = new Storage(TestDatabases.h2());

    @AfterEach
    void tearDown() {
        storage.database().close();
    }

    private void insert(String type, String code, Map<String, Object> attributes, String parentType, String parentCode) {
        storage.database().tx(c -> {
            long id = GeoObjectStore.insert(c, new GeoObject(type, code, LocalizedText.of(code), null, attributes,
                    List.of(), LocalDate.of(2020, 1, 1), null, null, Map.of()), Instant.now());
            if (parentCode != null) {
                GeoObjectStore.setParent(c, id, "admin", GeoObjectStore.idOf(c, parentType, parentCode).orElseThrow());
            }
            return null;
        });
    }

    @Test
    void streamsParentsFirstWithTypedValuesAndSavesExternalIds() {
        storage.organizations().create(new Organization("moh", LocalizedText.of("MoH")));
        storage.types().create(new GeoObjectType("district", "moh", LocalizedText.of("D"), GeometryType.NONE, List.of()));
        storage.types().create(new GeoObjectType("country", "moh", LocalizedText.of("C"), GeometryType.NONE, List.of(
                new Attribute("pop", LocalizedText.of("Pop"), AttributeType.INTEGER, null, false),
                new Attribute("since", LocalizedText.of("Since"), AttributeType.DATE, null, false),
                new Attribute("motto", LocalizedText.of("Motto"), AttributeType.LOCALIZED_TEXT, null, false))));
        storage.hierarchies().create(new Hierarchy("admin", "moh", LocalizedText.of("A"),
                List.of(new Hierarchy.Node("district", "country"), new Hierarchy.Node("country", null))));
        insert("country", "zz", Map.of("pop", 5, "since", "1960-07-01", "motto", Map.of("en", "Unity")), null, null);
        insert("district", "a", Map.of(), "country", "zz");
        insert("district", "b", Map.of(), "country", "zz");

        StoredRegistryView view = new StoredRegistryView(storage, "dhis2-main");
        assertEquals(List.of("country", "district"), view.typesParentFirst("admin"));
        assertEquals(Optional.of("country"), view.parentType("admin", "district"));
        assertEquals(Optional.empty(), view.parentType("admin", "country"));
        assertEquals(Optional.empty(), view.parentType("admin", "facility"));
        assertEquals(Optional.empty(), view.parentType("nope", "district"));
        try (Stream<GeoObject> s = view.objectsParentFirst("admin", Optional.empty())) {
            assertEquals(List.of("zz", "a", "b"), s.map(GeoObject::code).toList());
        }
        GeoObject zz = view.find("country", "zz").orElseThrow();
        assertEquals(5L, zz.attributes().get("pop"));
        assertEquals(LocalDate.of(1960, 7, 1), zz.attributes().get("since"));
        assertEquals("Unity", ((LocalizedText) zz.attributes().get("motto")).get("en"));

        view.saveExternalId("district", "a", "OU123456789");
        assertEquals(Map.of("dhis2-main", "OU123456789"), view.find("district", "a").orElseThrow().externalIds());
        try (Stream<GeoObject> s = view.objects("district", Optional.of(Instant.now().plusSeconds(60)))) {
            assertEquals(0, s.count());
        }

        // many at once, in one transaction: an unknown code stores none of them
        Map<String, String> oneUnknown = new java.util.LinkedHashMap<>();
        oneUnknown.put("a", "OUaaaaaaaa1");
        oneUnknown.put("nope", "OUnnnnnnnn1");
        assertThrows(RuntimeException.class, () -> view.saveExternalIds("district", oneUnknown));
        assertEquals(Map.of("a", "OU123456789"), view.externalIds("district"));
        view.saveExternalIds("district", Map.of("a", "OUaaaaaaaa2", "b", "OUbbbbbbbb2"));
        assertEquals(Map.of("a", "OUaaaaaaaa2", "b", "OUbbbbbbbb2"), view.externalIds("district"));
        // an id another object already has is refused, and nothing of the batch is stored
        assertThrows(org.georegistry.core.internal.store.DuplicateException.class,
                () -> view.saveExternalIds("district", Map.of("a", "OUbbbbbbbb2")));
        assertEquals(Map.of("a", "OUaaaaaaaa2", "b", "OUbbbbbbbb2"), view.externalIds("district"));
        // two objects trade ids in one call (the deletes come before the inserts); then an unchanged id stays
        view.saveExternalIds("district", Map.of("a", "OUbbbbbbbb2", "b", "OUaaaaaaaa2"));
        assertEquals(Map.of("a", "OUbbbbbbbb2", "b", "OUaaaaaaaa2"), view.externalIds("district"));
        view.saveExternalIds("district", Map.of("a", "OUbbbbbbbb2"));
        assertEquals(Map.of("a", "OUbbbbbbbb2", "b", "OUaaaaaaaa2"), view.externalIds("district"));
    }

    /** Many objects at once: every object gets its own id. */
    @Test
    void savesExternalIdsOfMoreObjectsThanOneLookupTakes() {
        storage.organizations().create(new Organization("moh", LocalizedText.of("MoH")));
        storage.types().create(new GeoObjectType("district", "moh", LocalizedText.of("D"), GeometryType.NONE, List.of()));
        int n = 237;
        Map<String, String> ids = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            insert("district", "d" + i, Map.of(), null, null);
            ids.put("d" + i, String.format("OU%09d", i));
        }
        StoredRegistryView view = new StoredRegistryView(storage, "dhis2-main");
        view.saveExternalIds("district", ids);
        assertEquals(ids, view.externalIds("district"));
        assertEquals(Map.of("dhis2-main", "OU000000236"), view.find("district", "d236").orElseThrow().externalIds());
    }

    private StoredRegistryView importView(boolean dryRun) {
        storage.organizations().create(new Organization("moh", LocalizedText.of("MoH")));
        storage.types().create(new GeoObjectType("country", "moh", LocalizedText.of("C"), GeometryType.NONE, List.of()));
        storage.types().create(new GeoObjectType("district", "moh", LocalizedText.of("D"), GeometryType.MULTIPOLYGON,
                List.of(new Attribute("pop", LocalizedText.of("Pop"), AttributeType.INTEGER, null, false),
                        new Attribute("note", LocalizedText.of("Note"), AttributeType.TEXT, null, false))));
        storage.hierarchies().create(new Hierarchy("admin", "moh", LocalizedText.of("A"),
                List.of(new Hierarchy.Node("district", "country"), new Hierarchy.Node("country", null))));
        return new StoredRegistryView(storage, "dhis2-main", new ImportWriter(new Registry(storage), "dhis2-main", dryRun));
    }

    @Test
    void importCreatesThenMergesByExternalIdAndResolvesParentsByExternalId() {
        StoredRegistryView view = importView(false);
        view.save(GeoObjectChange.of("country", "zz").withLabel(LocalizedText.of("Zed")).withExternalId("OUcountry01"));
        GeoObject created = view.save(GeoObjectChange.of("district", "d1").withLabel(LocalizedText.of("One"))
                .withAttributes(Map.of("pop", 10, "note", "kept"))
                .withParentExternalId("admin", "OUcountry01").withExternalId("OUdistrict1"));
        assertEquals(List.of(new ParentLink("admin", "country", "zz")), created.parents());
        assertEquals(10L, created.attributes().get("pop"));

        // An update naming only the external id and one attribute keeps the label, the other attribute and the parent.
        GeoObject updated = view.save(new GeoObjectChange("district", null, null, null, Map.of("pop", 12), null, null,
                null, "OUdistrict1", null, null));
        assertEquals("d1", updated.code());
        assertEquals("One", updated.label().get("en"));
        assertEquals(12L, updated.attributes().get("pop"));
        assertEquals("kept", updated.attributes().get("note"));
        assertEquals(List.of(new ParentLink("admin", "country", "zz")), updated.parents());
        assertEquals(Map.of("zz", "OUcountry01"), view.externalIds("country"));
        assertEquals("d1", view.findByExternalId("OUdistrict1").orElseThrow().code());
    }

    @Test
    void refusedImportsNameTheFieldAndStoreNothing() {
        StoredRegistryView view = importView(false);
        IllegalArgumentException wrongValue = assertThrows(IllegalArgumentException.class, () -> view.save(
                GeoObjectChange.of("district", "d2").withLabel(LocalizedText.of("Two"))
                        .withAttributes(Map.of("pop", "many")).withExternalId("OUdistrict2")));
        assertTrue(wrongValue.getMessage().contains("pop"), wrongValue.getMessage());
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class, () -> view.save(
                GeoObjectChange.of("district", "d3").withLabel(LocalizedText.of("Three"))
                        .withParentExternalId("admin", "OUnosuchone")));
        assertTrue(orphan.getMessage().contains("OUnosuchone"), orphan.getMessage());
        assertTrue(view.find("district", "d2").isEmpty());
        assertTrue(view.find("district", "d3").isEmpty());
        assertTrue(view.findByExternalId("OUdistrict2").isEmpty());
    }

    @Test
    void aPageSavedTogetherStoresEachAcceptedChangeAndRefusesEachBadOneAlone() {
        StoredRegistryView view = importView(false);
        GeoObjectChange badValue = GeoObjectChange.of("district", "d2").withLabel(LocalizedText.of("Two"))
                .withAttributes(Map.of("pop", "many")).withExternalId("OUdistrict2");
        GeoObjectChange orphan = GeoObjectChange.of("district", "d3").withLabel(LocalizedText.of("Three"))
                .withParentExternalId("admin", "OUnosuchone").withExternalId("OUdistrict3");
        GeoObjectChange unknownType = GeoObjectChange.of("hamlet", "h1").withLabel(LocalizedText.of("H"));
        List<RegistryView.Refused> refused = view.saveAll(List.of(
                GeoObjectChange.of("country", "zz").withLabel(LocalizedText.of("Zed")).withExternalId("OUcountry01"),
                // its parent is the change before it, in the same transaction
                GeoObjectChange.of("district", "d1").withLabel(LocalizedText.of("One")).withAttributes(Map.of("pop", 10))
                        .withParentExternalId("admin", "OUcountry01").withExternalId("OUdistrict1"),
                badValue, orphan, unknownType,
                new GeoObjectChange("district", null, null, null, Map.of("pop", 12), null, null, null, "OUdistrict1",
                        null, null),
                GeoObjectChange.of("district", "d5").withLabel(LocalizedText.of("Five")).withExternalId("OUdistrict5")));

        assertEquals(List.of(badValue, orphan, unknownType),
                refused.stream().map(RegistryView.Refused::change).toList());
        assertTrue(refused.get(2).reason().contains("'hamlet' does not exist"), refused.get(2).reason());
        // the reasons are what save() answers for the same change
        assertEquals(assertThrows(IllegalArgumentException.class, () -> view.save(badValue)).getMessage(),
                refused.get(0).reason());
        assertEquals(assertThrows(IllegalArgumentException.class, () -> view.save(orphan)).getMessage(),
                refused.get(1).reason());
        GeoObject d1 = view.find("district", "d1").orElseThrow();
        assertEquals(List.of(new ParentLink("admin", "country", "zz")), d1.parents());
        assertEquals(12L, d1.attributes().get("pop"));
        assertEquals(Map.of("d1", "OUdistrict1", "d5", "OUdistrict5"), view.externalIds("district"));
        assertTrue(view.find("district", "d2").isEmpty());
        assertTrue(view.find("district", "d3").isEmpty());
    }

    @Test
    void aPageWhoseWriteFailsInTheDatabaseIsSavedAgainOneChangeAtATime() throws Exception {
        StoredRegistryView view = importView(false);
        ExecutorService page = Executors.newSingleThreadExecutor();
        try {
            List<Future<List<RegistryView.Refused>>> result = new ArrayList<>();
            storage.database().tx(c -> {
                // another writer creates d7 and has not committed when the page, which also creates d7, writes it
                GeoObjectStore.insert(c, new GeoObject("district", "d7", LocalizedText.of("Seven"), null, Map.of(),
                        List.of(), LocalDate.of(2020, 1, 1), null, null, Map.of()), Instant.now());
                result.add(page.submit(() -> view.saveAll(List.of(
                        GeoObjectChange.of("district", "d6").withLabel(LocalizedText.of("Six")).withExternalId("OU6"),
                        GeoObjectChange.of("district", "d7").withLabel(LocalizedText.of("Sept")).withExternalId("OU7")))));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            // the page's insert of d7 collided once the other writer committed; saved again one by one, d7 is updated
            assertEquals(List.of(), result.get(0).get(10, TimeUnit.SECONDS));
        } finally {
            page.shutdownNow();
        }
        assertEquals("Sept", view.find("district", "d7").orElseThrow().label().get("en"));
        assertEquals(Map.of("d6", "OU6", "d7", "OU7"), view.externalIds("district"));
    }

    @Test
    void dryRunImportsCheckButStoreNothingAndExportViewsRefuseWrites() {
        StoredRegistryView dry = importView(true);
        assertEquals("d4", dry.save(GeoObjectChange.of("district", "d4").withLabel(LocalizedText.of("Four"))).code());
        assertTrue(dry.find("district", "d4").isEmpty());
        StoredRegistryView readOnly = new StoredRegistryView(storage, "dhis2-main");
        assertThrows(IllegalStateException.class, () -> readOnly.save(GeoObjectChange.of("country", "yy")));
    }
}
