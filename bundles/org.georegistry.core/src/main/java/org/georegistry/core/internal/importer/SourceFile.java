package org.georegistry.core.internal.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.Json;

/**
 * Parses a whole import file before anything is stored, so a file that cannot be read is rejected with a 400
 * and leaves no trace. CSV through Apache Commons CSV (header row required); GeoJSON FeatureCollections through
 * Jackson's streaming parser, one feature tree at a time.
 */
final class SourceFile {

    private SourceFile() {}

    static List<SourceRow> parse(String format, String content) {
        if ("csv".equalsIgnoreCase(format)) {
            return csv(content);
        }
        if ("geojson".equalsIgnoreCase(format)) {
            return geoJson(content);
        }
        throw ApiException.badRequest("config.format", "Expected csv or geojson");
    }

    private static List<SourceRow> csv(String content) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        List<SourceRow> rows = new ArrayList<>();
        try (Reader reader = new StringReader(content); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw ApiException.badRequest("file", "The CSV file has no header row");
            }
            int number = 0;
            for (CSVRecord record : parser) {
                number++;
                Map<String, JsonNode> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < record.size(); i++) {
                    values.put(header.get(i), TextNode.valueOf(record.get(i)));
                }
                rows.add(new SourceRow(number, values, null));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw ApiException.badRequest("file", "The CSV file cannot be parsed: " + e.getMessage());
        }
        return rows;
    }

    private static List<SourceRow> geoJson(String content) {
        List<SourceRow> rows = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("file", "A GeoJSON FeatureCollection object is expected");
            }
            boolean sawFeatures = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("features")) {
                    p.skipChildren();
                    continue;
                }
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw ApiException.badRequest("file", "'features' must be an array");
                }
                sawFeatures = true;
                int number = 0;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    number++;
                    JsonNode feature = Json.MAPPER.readTree(p);
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = feature.path("properties").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        values.put(e.getKey(), e.getValue());
                    }
                    if (feature.hasNonNull("id") && !values.containsKey("id")) {
                        values.put("id", feature.get("id"));
                    }
                    JsonNode geometry = feature.get("geometry");
                    rows.add(new SourceRow(number, values, geometry == null || geometry.isNull() ? null : geometry));
                }
            }
            if (!sawFeatures) {
                throw ApiException.badRequest("file", "A GeoJSON FeatureCollection with 'features' is expected");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("file", "The GeoJSON file cannot be parsed: " + e.getMessage());
        }
        return rows;
    }
}
