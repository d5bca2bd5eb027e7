package org.georegistry.core.internal.importer;

import java.util.Map;

/**
 * How to read a file into Geo-Objects of one type. Column names are CSV headers, or GeoJSON feature property
 * names.
 *
 * @param format {@code csv} or {@code geojson}
 * @param type the target Geo-Object Type
 * @param hierarchy the hierarchy parents are matched in; required with {@code parent}
 * @param codeColumn the column holding each object's code
 * @param labelColumn the column holding its label (default text)
 * @param attributes attribute code → column
 * @param geometry where geometry comes from; null for none (GeoJSON files default to the feature geometry)
 * @param parent how each row names its parent; null for none
 * @param externalSystem with {@code externalIdColumn}: the system whose external id each row carries
 * @param externalIdColumn the column holding the row's external id
 */
public record ImportConfig(
        String format,
        String type,
        String hierarchy,
        String codeColumn,
        String labelColumn,
        Map<String, String> attributes,
        Geometry geometry,
        Parent parent,
        String externalSystem,
        String externalIdColumn) {

    public ImportConfig {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * @param kind {@code geojson} (the feature's geometry), {@code wkt} (a WKT column) or {@code latlon}
     */
    public record Geometry(String kind, String column, String latColumn, String lonColumn) {}

    /**
     * @param strategy {@code code} (the parent's code), {@code externalId} (the parent's external id in
     *     {@code externalSystem}) or {@code dhis2Path} ({@code /a/b/c}: the second-to-last segment is the parent's
     *     external id in {@code externalSystem})
     */
    public record Parent(String strategy, String column, String externalSystem) {}
}
