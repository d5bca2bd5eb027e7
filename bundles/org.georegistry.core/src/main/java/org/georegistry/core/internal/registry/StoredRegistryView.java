package org.georegistry.core.internal.registry;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.RegistryView;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.StoreException;

/**
 * The registry as one sync job's provider sees it: read-only objects streamed from the database with a cursor,
 * attribute values in the Java types {@link GeoObject} documents, and external ids saved for the job's system.
 */
public final class StoredRegistryView implements RegistryView {

    private final Storage storage;
    private final String externalSystemId;
    private final Map<String, Optional<GeoObjectType>> types = new ConcurrentHashMap<>();

    private final ImportWriter writer;

    /** A read-only view: {@link #save} is refused. */
    public StoredRegistryView(Storage storage, String externalSystemId) {
        this(storage, externalSystemId, null);
    }

    /** A view whose {@link #save} goes to the writer, for import jobs. */
    public StoredRegistryView(Storage storage, String externalSystemId, ImportWriter writer) {
        this.storage = storage;
        this.externalSystemId = externalSystemId;
        this.writer = writer;
    }

    @Override
    public Stream<GeoObject> objects(String typeCode, Optional<Instant> changedSince) {
        return storage.objects().stream(typeCode, changedSince.orElse(null)).map(this::typed);
    }

    @Override
    public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> changedSince) {
        // Lazily concatenated: each level's cursor opens when the previous level is consumed, and closes with it.
        return typesParentFirst(hierarchyCode).stream().flatMap(type -> objects(type, changedSince));
    }

    @Override
    public List<String> typesParentFirst(String hierarchyCode) {
        return storage.hierarchies().get(hierarchyCode).map(Hierarchy::typesParentFirst).orElse(List.of());
    }

    @Override
    public Optional<String> parentType(String hierarchyCode, String typeCode) {
        return storage.hierarchies().get(hierarchyCode).flatMap(h -> h.nodes().stream()
                .filter(n -> n.type().equals(typeCode)).findFirst()).map(Hierarchy.Node::parent);
    }

    @Override
    public Optional<GeoObject> find(String typeCode, String code) {
        return storage.objects().get(typeCode, code).map(this::typed);
    }

    @Override
    public void saveExternalId(String typeCode, String code, String externalId) {
        storage.database().tx(c -> {
            long id = GeoObjectStore.idOf(c, typeCode, code).orElseThrow(() -> new StoreException(
                    "No Geo-Object " + typeCode + "/" + code));
            GeoObjectStore.putExternalId(c, id, externalSystemId, externalId);
            return null;
        });
    }

    /** One transaction for the whole map: an export confirms units a thousand at a time. */
    @Override
    public void saveExternalIds(String typeCode, Map<String, String> externalIdsByCode) {
        if (externalIdsByCode.isEmpty()) {
            return;
        }
        storage.database().tx(c -> {
            GeoObjectStore.putExternalIds(c, typeCode, externalSystemId, externalIdsByCode);
            return null;
        });
    }

    @Override
    public Map<String, String> externalIds(String typeCode) {
        return storage.database().read(c -> {
            Map<String, String> ids = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.code, e.external_id FROM external_id e"
                    + " JOIN geo_object o ON o.id = e.object_id WHERE e.system_id = ? AND o.type_code = ?")) {
                ps.setString(1, externalSystemId);
                ps.setString(2, typeCode);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return ids;
        });
    }

    @Override
    public Optional<GeoObject> findByExternalId(String externalId) {
        return storage.database().read(c -> {
            Optional<Long> id = GeoObjectStore.byExternalId(c, externalSystemId, externalId);
            return id.isEmpty() ? Optional.<GeoObject>empty() : GeoObjectStore.get(c, id.get());
        }).map(this::typed);
    }

    @Override
    public GeoObject save(GeoObjectChange change) {
        return typed(writer().save(change));
    }

    @Override
    public List<Refused> saveAll(List<GeoObjectChange> changes) {
        return writer().saveAll(changes);
    }

    private ImportWriter writer() {
        if (writer == null) {
            throw new IllegalStateException("Only import jobs may change the registry");
        }
        return writer;
    }

    /** Converts stored JSON attribute values to the documented Java types. */
    private GeoObject typed(GeoObject o) {
        Optional<GeoObjectType> type = types.computeIfAbsent(o.typeCode(), code -> storage.types().get(code));
        if (type.isEmpty() || o.attributes().isEmpty()) {
            return o;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        o.attributes().forEach((code, value) -> {
            Optional<Attribute> a = type.get().attribute(code);
            values.put(code, a.isEmpty() ? value : convert(a.get(), value));
        });
        return new GeoObject(o.typeCode(), o.code(), o.label(), o.geometry(), values, o.parents(), o.validFrom(),
                o.validTo(), o.lastUpdated(), o.externalIds());
    }

    @SuppressWarnings("unchecked")
    static Object convert(Attribute a, Object value) {
        return switch (a.type()) {
            case INTEGER -> ((Number) value).longValue();
            case DECIMAL -> value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
            case DATE -> LocalDate.parse(value.toString());
            case LOCALIZED_TEXT -> new LocalizedText((Map<String, String>) value);
            default -> value;
        };
    }
}
