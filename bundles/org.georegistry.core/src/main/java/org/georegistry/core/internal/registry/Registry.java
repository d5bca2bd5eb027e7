package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.GeoObject;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.Checks;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.Storage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes Geo-Objects: checks them against their type, resolves parents per hierarchy and stores object and
 * parents in one transaction, so a rejected object leaves nothing behind.
 */
@Component(service = Registry.class)
public final class Registry {

    private final Storage storage;

    @Activate
    public Registry(@Reference Storage storage) {
        this.storage = storage;
    }

    public Storage storage() {
        return storage;
    }

    /** A type, or 404. */
    public GeoObjectType type(String code) {
        return storage.types().get(code)
                .orElseThrow(() -> ApiException.notFound("Geo-Object Type '" + code + "' does not exist"));
    }

    /** The checker for one type's objects, loading its classifications and hierarchies once. */
    public ObjectChecker checker(GeoObjectType type) {
        Map<String, Classification> classifications = new LinkedHashMap<>();
        for (Attribute a : type.attributes()) {
            if (a.type() == AttributeType.TERM) {
                storage.classifications().get(a.classification()).ifPresent(c -> classifications.put(c.code(), c));
            }
        }
        Map<String, Hierarchy> hierarchies = new LinkedHashMap<>();
        for (Hierarchy h : storage.hierarchies().list(null)) {
            if (h.contains(type.code())) {
                hierarchies.put(h.code(), h);
            }
        }
        return new ObjectChecker(type, classifications, hierarchies);
    }

    /**
     * Creates ({@code existingCode} null) or updates an object; 400 naming each bad field, 409 when the code is
     * taken.
     */
    public GeoObject save(ObjectChecker checker, GeoObjectInput in, String existingCode) {
        return save(checker, in, existingCode, null, null);
    }

    /**
     * Saves as {@link #save(ObjectChecker, GeoObjectInput, String)} and, when {@code externalId} is not null, sets the
     * object's id in that external system in the same transaction: an import never leaves an object without the id
     * it came with, and waits for one database write instead of two.
     */
    public GeoObject save(ObjectChecker checker, GeoObjectInput in, String existingCode, String systemId,
            String externalId) {
        GeoObject object = checked(checker, in);
        return storage.database().tx(c -> {
            long id = write(c, checker, in, object, existingCode, systemId, externalId);
            return GeoObjectStore.get(c, id).orElseThrow();
        });
    }

    /** The object {@code in} describes, checked against its type; 400 naming each bad field. */
    public static GeoObject checked(ObjectChecker checker, GeoObjectInput in) {
        Checks checks = new Checks();
        GeoObject object = checker.check(in, null, checks);
        checks.done();
        return object;
    }

    /**
     * Writes a checked object in the caller's transaction and answers its id. Everything that can refuse it (a
     * parent that does not exist or is of the wrong type, an object to update that is gone) is found before the
     * first write, so a refused object leaves the transaction as it was: an import saves a page in one transaction.
     */
    public static long write(Connection c, ObjectChecker checker, GeoObjectInput in, GeoObject object,
            String existingCode, String systemId, String externalId) throws SQLException {
        Checks parentChecks = new Checks();
        Map<String, Long> parents = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> p : in.parents().entrySet()) {
            Hierarchy h = checker.hierarchies().get(p.getKey());
            parents.put(h.code(), parentId(c, h, checker.type().code(), p.getValue(), "parents." + p.getKey(),
                    parentChecks));
        }
        parentChecks.done();
        long id;
        Instant now = Instant.now();
        if (existingCode == null) {
            id = GeoObjectStore.insert(c, object, now);
        } else {
            id = GeoObjectStore.idOf(c, object.typeCode(), existingCode).orElseThrow(() -> ApiException.notFound(
                    "Geo-Object '" + object.typeCode() + "/" + existingCode + "' does not exist"));
            GeoObjectStore.update(c, id, object, now);
        }
        for (Map.Entry<String, Long> parent : parents.entrySet()) {
            GeoObjectStore.setParent(c, id, parent.getKey(), parent.getValue());
        }
        if (externalId != null) {
            GeoObjectStore.putExternalId(c, id, systemId, externalId);
        }
        return id;
    }

    /**
     * The id of the parent a reference names in a hierarchy: a code of the parent type, or {@code {type, code}}
     * whose type must be the parent type; null for a JSON null (no parent). Errors go to {@code checks}.
     */
    public static Long parentId(Connection c, Hierarchy h, String childType, JsonNode ref, String field, Checks checks)
            throws SQLException {
        if (ref == null || ref.isNull()) {
            return null;
        }
        String expected = h.parentOf(childType).orElseThrow();
        String parentType;
        String code;
        if (ref.isTextual()) {
            parentType = expected;
            code = ref.asText();
        } else if (ref.isObject() && ref.path("code").isTextual()) {
            parentType = ref.path("type").asText(expected);
            code = ref.get("code").asText();
        } else {
            checks.error(field, "Expected the parent's code, or {\"type\": .., \"code\": ..}");
            return null;
        }
        if (!parentType.equals(expected)) {
            checks.error(field, "A parent of type '" + parentType + "' is of the wrong type: in hierarchy '" + h.code()
                    + "' the parent of '" + childType + "' is a '" + expected + "'");
            return null;
        }
        Optional<Long> id = GeoObjectStore.idOf(c, parentType, code);
        if (id.isEmpty()) {
            checks.error(field, "No Geo-Object '" + parentType + "/" + code + "'");
            return null;
        }
        return id.get();
    }
}
