package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on PostgreSQL + PostGIS; skipped with a message unless GEOREGISTRY_TEST_POSTGRES_URL is
 * set. Also checks the PostGIS column derived from the GeoJSON text.
 */
final class PostgresStoreTest extends StoreContract {

    @Override
    Database open() {
        return TestDatabases.postgres();
    }

    @Test
    void postgisColumnFollowsTheGeoJson() {
        db.tx(c -> GeoObjectStore.insert(c, new GeoObject("facility", "pg", LocalizedText.of("PG"),
                "{\"type\":\"Point\",\"coordinates\":[30.5,-1.25]}", Map.of(), List.of(), LocalDate.now(), null, null,
                Map.of()), Instant.now()));
        String wkt = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ST_AsText(geom), ST_SRID(geom) FROM geo_object WHERE code = 'pg'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + ";" + rs.getInt(2);
            }
        });
        assertEquals("POINT(30.5 -1.25);4326", wkt);
    }
}
