package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.RegistryView;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.Json;
import org.georegistry.core.internal.store.DuplicateException;
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
        try {
            Prepared p = registry.storage().database().read(c -> prepare(c, change, new HashMap<>()));
            if (dryRun) {
                return p.object();
            }
            return registry.save(p.checker(), p.in(), p.existingCode(), systemId, p.externalId());
        } catch (ApiException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (StoreException | DuplicateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Saves a page of changes in one transaction; a refused change writes nothing (see {@link Registry#write}). Should
     * a write fail in the database (a concurrent writer took a code or an id meanwhile), the transaction is rolled
     * back and the page saved again one change per transaction, so that only the changes at fault are refused.
     */
    public List<RegistryView.Refused> saveAll(List<GeoObjectChange> changes) {
        if (!dryRun && changes.size() > 1) {
            // the types' checkers are read before the transaction, which then holds no second connection
            Map<String, ObjectChecker> checkers = new HashMap<>();
            for (GeoObjectChange change : changes) {
                String type = change == null ? null : change.typeCode();
                if (type != null && !checkers.containsKey(type)) {
                    try {
                        checkers.put(type, registry.checker(registry.type(type)));
                    } catch (ApiException unknownType) {
                        checkers.put(type, null); // prepare() says so for each of its changes
                    }
                }
            }
            try {
                return registry.storage().database().tx(c -> {
                    List<RegistryView.Refused> refused = new ArrayList<>();
                    for (GeoObjectChange change : changes) {
                        try {
                            Prepared p = prepare(c, change, checkers);
                            Registry.write(c, p.checker(), p.in(), p.object(), p.existingCode(), systemId,
                                    p.externalId());
                        } catch (ApiException e) {
                            refused.add(new RegistryView.Refused(change, describe(e)));
                        } catch (IllegalArgumentException e) {
                            refused.add(new RegistryView.Refused(change, e.getMessage()));
                        }
                    }
                    return refused;
                });
            } catch (StoreException | DuplicateException e) {
                // one by one below
            }
        }
        List<RegistryView.Refused> refused = new ArrayList<>();
        for (GeoObjectChange change : changes) {
            try {
                save(change);
            } catch (IllegalArgumentException e) {
                refused.add(new RegistryView.Refused(change, e.getMessage()));
            }
        }
        return refused;
    }

    /** A change ready to write: merged onto what is stored and checked, nothing written yet. */
    private record Prepared(ObjectChecker checker, GeoObjectInput in, GeoObject object, String existingCode,
            String externalId) {}

    /**
     * Reads what the change needs on {@code c} and checks it; throws {@link IllegalArgumentException} or
     * {@link ApiException} when it is refused. {@code checkers} holds the page's types' checkers (read if absent).
     */
    private Prepared prepare(Connection c, GeoObjectChange change, Map<String, ObjectChecker> checkers)
            throws SQLException {
        if (change == null || change.typeCode() == null || change.typeCode().isBlank()) {
            throw new IllegalArgumentException("typeCode: required");
        }
        ObjectChecker checker = checkers.get(change.typeCode());
        if (checker == null) {
            checker = registry.checker(registry.type(change.typeCode())); // 404 for a type that does not exist
        }
        Optional<GeoObject> existing = existing(c, change);
        if (change.code() == null && existing.isEmpty()) {
            throw new IllegalArgumentException("code: required for a new Geo-Object");
        }
        if (existing.isPresent() && change.code() != null && !change.code().equals(existing.get().code())) {
            throw new IllegalArgumentException("code: the object with external id '" + change.externalId()
                    + "' has code '" + existing.get().code() + "'; codes cannot be changed by an import");
        }
        GeoObjectInput in = merged(c, change, existing);
        boolean withId = change.externalId() != null && !change.externalId().isBlank();
        return new Prepared(checker, in, Registry.checked(checker, in), existing.map(GeoObject::code).orElse(null),
                withId ? change.externalId() : null);
    }

    private Optional<GeoObject> existing(Connection c, GeoObjectChange change) throws SQLException {
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
    }

    /** The change on top of what is stored: null fields keep the stored values, attributes are merged. */
    private GeoObjectInput merged(Connection c, GeoObjectChange change, Optional<GeoObject> existing)
            throws SQLException {
        GeoObject old = existing.orElse(null);
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        if (old != null) {
            old.attributes().forEach((k, v) -> attributes.put(k, Json.MAPPER.valueToTree(v)));
        }
        change.attributes().forEach((k, v) -> attributes.put(k, Json.MAPPER.valueToTree(v)));
        Map<String, JsonNode> parents = new LinkedHashMap<>();
        if (change.hierarchy() != null) {
            parents.put(change.hierarchy(), parentRef(c, change));
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

    private JsonNode parentRef(Connection c, GeoObjectChange change) throws SQLException {
        if (change.parentExternalId() != null) {
            // the parent's type and code only: loading it whole (geometry included) for each child cost more
            GeoObjectStore.Key parent = GeoObjectStore.keyByExternalId(c, systemId, change.parentExternalId())
                    .orElseThrow(() -> new IllegalArgumentException("parentExternalId: no Geo-Object has the external"
                            + " id '" + change.parentExternalId() + "' (import parents before their children)"));
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
