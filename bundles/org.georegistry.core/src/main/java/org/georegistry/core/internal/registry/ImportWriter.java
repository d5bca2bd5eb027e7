package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.Checks;
import org.georegistry.core.internal.rest.Json;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.StoreException;

/**
 * Applies the changes an import job reports through the same checks and transaction as the REST API, so an
 * import cannot store what a client could not: a refused change becomes an {@link IllegalArgumentException} whose
 * message names the fields, and nothing of it is stored.
 */
public final class ImportWriter {

    private final Registry registry;
    private final String systemId;
    private final boolean dryRun;

    public ImportWriter(Registry registry, String systemId, boolean dryRun) {
        this.registry = registry;
        this.systemId = systemId;
        this.dryRun = dryRun;
    }

    public GeoObject save(GeoObjectChange change) {
        if (change == null || change.typeCode() == null || change.typeCode().isBlank()) {
            throw new IllegalArgumentException("typeCode: required");
        }
        try {
            GeoObjectType type = registry.type(change.typeCode());
            ObjectChecker checker = registry.checker(type);
            Optional<GeoObject> existing = existing(change);
            if (change.code() == null && existing.isEmpty()) {
                throw new IllegalArgumentException("code: required for a new Geo-Object");
            }
            if (existing.isPresent() && change.code() != null && !change.code().equals(existing.get().code())) {
                throw new IllegalArgumentException("code: the object with external id '" + change.externalId()
                        + "' has code '" + existing.get().code() + "'; codes cannot be changed by an import");
            }
            GeoObjectInput in = merged(change, existing, checker);
            if (dryRun) {
                Checks checks = new Checks();
                GeoObject checked = checker.check(in, null, checks);
                checks.done();
                return checked;
            }
            boolean withId = change.externalId() != null && !change.externalId().isBlank();
            return registry.save(checker, in, existing.map(GeoObject::code).orElse(null), systemId,
                    withId ? change.externalId() : null);
        } catch (ApiException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Optional<GeoObject> existing(GeoObjectChange change) {
        return registry.storage().database().read(c -> {
            if (change.externalId() != null) {
                Optional<Long> id = GeoObjectStore.byExternalId(c, systemId, change.externalId());
                if (id.isPresent()) {
                    Optional<GeoObject> o = GeoObjectStore.get(c, id.get());
                    if (o.isPresent() && !o.get().typeCode().equals(change.typeCode())) {
                        throw new IllegalArgumentException("externalId: '" + change.externalId()
                                + "' already belongs to a '" + o.get().typeCode() + "', not a '" + change.typeCode() + "'");
                    }
                    return o;
                }
            }
            return change.code() == null ? Optional.empty() : GeoObjectStore.get(c, change.typeCode(), change.code());
        });
    }

    /** The change on top of what is stored: null fields keep the stored values, attributes are merged. */
    private GeoObjectInput merged(GeoObjectChange change, Optional<GeoObject> existing, ObjectChecker checker) {
        GeoObject old = existing.orElse(null);
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        if (old != null) {
            old.attributes().forEach((k, v) -> attributes.put(k, Json.MAPPER.valueToTree(v)));
        }
        change.attributes().forEach((k, v) -> attributes.put(k, Json.MAPPER.valueToTree(v)));
        Map<String, JsonNode> parents = new LinkedHashMap<>();
        if (change.hierarchy() != null) {
            parents.put(change.hierarchy(), parentRef(change));
        }
        String geometryText = change.geometry() != null ? change.geometry() : old == null ? null : old.geometry();
        JsonNode geometry;
        try {
            geometry = geometryText == null ? null : Json.MAPPER.readTree(geometryText);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("geometry: not JSON: " + e.getOriginalMessage());
        }
        return new GeoObjectInput(change.typeCode(), old != null ? old.code() : change.code(),
                change.label() != null ? change.label() : old == null ? null : old.label(), geometry, attributes,
                parents, change.validFrom() != null ? change.validFrom() : old == null ? null : old.validFrom(),
                change.validTo() != null ? change.validTo() : old == null ? null : old.validTo());
    }

    private JsonNode parentRef(GeoObjectChange change) {
        if (change.parentExternalId() != null) {
            GeoObject parent = registry.storage().database().read(c -> {
                Optional<Long> id = GeoObjectStore.byExternalId(c, systemId, change.parentExternalId());
                return id.isEmpty() ? null : GeoObjectStore.get(c, id.get()).orElse(null);
            });
            if (parent == null) {
                throw new IllegalArgumentException("parentExternalId: no Geo-Object has the external id '"
                        + change.parentExternalId() + "' (import parents before their children)");
            }
            return JsonNodeFactory.instance.objectNode().put("type", parent.typeCode()).put("code", parent.code());
        }
        return change.parentCode() == null ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.textNode(change.parentCode());
    }

    private static String describe(ApiException e) {
        var problem = e.problem();
        if (problem.errors() == null || problem.errors().isEmpty()) {
            return problem.detail();
        }
        return problem.errors().stream().map(f -> (f.field() == null || f.field().isEmpty() ? "" : f.field() + ": ")
                + f.message()).collect(Collectors.joining("; "));
    }

}
