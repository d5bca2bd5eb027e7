package org.georegistry.sync.fhir.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;

/**
 * A realistic small hierarchy: a country and provinces with polygon and multipolygon boundaries (one with a
 * hole), districts, and health facilities as points; labels in several locales, a closed facility, custom
 * attributes.
 */
final class SampleHierarchy {

    static final String[] TYPES = {"COUNTRY", "PROVINCE", "DISTRICT", "FACILITY"};

    private SampleHierarchy() {}

    static TestJob fill(TestJob job, int districtsPerProvince, int facilitiesPerDistrict) {
        job.put(object("COUNTRY", "KE", Map.of("default", "Kenya", "en", "Kenya", "sw", "Jamhuri ya Kenya",
                "fr_FR", "Kenya (République du)"), null, null, square(34, -4, 8, true), null, Map.of()));
        for (int p = 1; p <= 2; p++) {
            String province = "KE-P" + p;
            String geometry = p == 1 ? square(34 + 2 * p, -3, 2, false)
                    : "{\"type\":\"MultiPolygon\",\"coordinates\":[" + rings(38, -3, 1.5, false) + ","
                            + rings(40, -1, 0.5, false) + "]}";
            job.put(object("PROVINCE", province, Map.of("default", "Province " + p, "fr", "Province n° " + p),
                    "COUNTRY", "KE", geometry, null, Map.of()));
            for (int d = 1; d <= districtsPerProvince; d++) {
                String district = province + "-D" + d;
                job.put(object("DISTRICT", district, Map.of("default", "District " + p + "." + d), "PROVINCE",
                        province, square(34 + 2 * p + 0.1 * d, -3 + 0.1 * d, 0.1, false), null,
                        Map.of("population", 10_000L * d)));
                for (int f = 1; f <= facilitiesPerDistrict; f++) {
                    String facility = district + "-F" + f;
                    job.put(object("FACILITY", facility, Map.of("default", "Health centre " + facility),
                            "DISTRICT", district, "{\"type\":\"Point\",\"coordinates\":[" + (36.8 + 0.01 * f) + ","
                                    + (-1.28 - 0.01 * d) + "]}", f == 2 ? LocalDate.of(2024, 6, 30) : null,
                            Map.of("beds", (long) (10 * f), "dhisId", "Ab" + p + d + f + "cdefghi")));
                }
            }
        }
        return job;
    }

    static GeoObject object(String type, String code, Map<String, String> labels, String parentType,
            String parentCode, String geometry, LocalDate validTo, Map<String, Object> attributes) {
        List<ParentLink> parents = parentCode == null ? List.of()
                : List.of(new ParentLink(TestJob.HIERARCHY, parentType, parentCode));
        return new GeoObject(type, code, new LocalizedText(labels), geometry, attributes, parents,
                LocalDate.of(2020, 1, 1), validTo, Instant.parse("2026-01-01T00:00:00Z"), Map.of());
    }

    static String square(double x, double y, double size, boolean hole) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + rings(x, y, size, hole) + "}";
    }

    private static String rings(double x, double y, double s, boolean hole) {
        String outer = "[[" + x + "," + y + "],[" + (x + s) + "," + y + "],[" + (x + s) + "," + (y + s) + "],[" + x
                + "," + (y + s) + "],[" + x + "," + y + "]]";
        double h = s / 4;
        String inner = "[[" + (x + h) + "," + (y + h) + "],[" + (x + h) + "," + (y + 2 * h) + "],[" + (x + 2 * h)
                + "," + (y + 2 * h) + "],[" + (x + 2 * h) + "," + (y + h) + "],[" + (x + h) + "," + (y + h) + "]]";
        return "[" + outer + (hole ? "," + inner : "") + "]";
    }
}
