package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.georegistry.itests.dhis2.Dhis2Emulator;

/**
 * Metadata a DHIS2 administrator sets up before a sync, posted to the emulator as DHIS2 takes it
 * ({@code POST /api/metadata}, the shape of fixtures/dhis2/e2e/setup-metadata.json), and plain API calls for tests.
 */
final class Dhis2Metadata {

    /** One organisation unit attribute per value type, two that do not apply to units, one with an option set. */
    static final String TEXT = "AtText00001";
    static final String LONG_TEXT = "AtLongTxt01";
    static final String EMAIL = "AtEmail0001";
    static final String BOOLEAN = "AtBool00001";
    static final String TRUE_ONLY = "AtTrueOnly1";
    static final String DATE = "AtDate00001";
    static final String INTEGER_POSITIVE = "AtIntPos001";
    static final String NUMBER = "AtNumber001";
    static final String PERCENTAGE = "AtPercent01";
    static final String OWNERSHIP = "AtOwnShip01";
    static final String COORDINATE = "AtCoord0001";
    static final String ORG_UNIT = "AtOrgUnit01";
    static final String FILE = "AtFile00001";
    static final String IMAGE = "AtImage0001";
    static final String TRACKER = "AtTracker01";
    static final String GEOJSON = "AtGeoJson01";
    static final String REFERENCE = "AtRefer0001";
    static final String DATA_ELEMENT_ONLY = "AtDeOnly001";
    static final String OWNERSHIP_SET = "OsOwnShip01";
    static final String HOSPITALS = "CXw2yu5fodb";
    static final String CLINICS = "RXL3lPSK8oG";
    static final String PUBLIC_GROUP = "oRVt7g429ZO";

    static final String SETUP = "{\"attributes\":["
            + attribute(TEXT, "Alternative name", "TEXT", true, null) + ","
            + attribute(LONG_TEXT, "Notes", "LONG_TEXT", true, null) + ","
            + attribute(EMAIL, "Office e-mail", "EMAIL", true, null) + ","
            + attribute(BOOLEAN, "Has power", "BOOLEAN", true, null) + ","
            + attribute(TRUE_ONLY, "Referral", "TRUE_ONLY", true, null) + ","
            + attribute(DATE, "Last visit", "DATE", true, null) + ","
            + attribute(INTEGER_POSITIVE, "Population", "INTEGER_POSITIVE", true, null) + ","
            + attribute(NUMBER, "Area", "NUMBER", true, null) + ","
            + attribute(PERCENTAGE, "Coverage", "PERCENTAGE", true, null) + ","
            + attribute(OWNERSHIP, "Ownership", "TEXT", true, OWNERSHIP_SET) + ","
            + attribute(COORDINATE, "Entrance", "COORDINATE", true, null) + ","
            + attribute(ORG_UNIT, "Referral unit", "ORGANISATION_UNIT", true, null) + ","
            + attribute(FILE, "Licence", "FILE_RESOURCE", true, null) + ","
            + attribute(IMAGE, "Photo", "IMAGE", true, null) + ","
            + attribute(TRACKER, "Manager", "TRACKER_ASSOCIATE", true, null) + ","
            + attribute(GEOJSON, "Catchment", "GEOJSON", true, null) + ","
            + attribute(REFERENCE, "Reference", "REFERENCE", true, null) + ","
            + attribute(DATA_ELEMENT_ONLY, "Data element note", "TEXT", false, null) + "],"
            + "\"optionSets\":[{\"id\":\"" + OWNERSHIP_SET + "\",\"name\":\"Ownership\",\"valueType\":\"TEXT\","
            + "\"options\":[{\"id\":\"OpPublic001\"},{\"id\":\"OpPrivate01\"}]}],"
            + "\"options\":[{\"id\":\"OpPublic001\",\"code\":\"PUB\",\"name\":\"Public\",\"optionSet\":{\"id\":\""
            + OWNERSHIP_SET + "\"}},{\"id\":\"OpPrivate01\",\"code\":\"PRV\",\"name\":\"Private\",\"optionSet\":{\"id\":\""
            + OWNERSHIP_SET + "\"}}],"
            + "\"organisationUnitGroups\":[" + group(HOSPITALS, "Hospitals") + "," + group(CLINICS, "Clinics") + ","
            + group(PUBLIC_GROUP, "Public facilities") + "],"
            + "\"organisationUnitLevels\":[" + level("LvProvince1", "Province", 1) + ","
            + level("LvDistrict1", "District", 2) + "," + level("LvFacility1", "Facility", 3) + "]}";

    private Dhis2Metadata() {}

    static void setUp(Dhis2Emulator dhis2) throws Exception {
        post(dhis2, SETUP);
    }

    private static String attribute(String id, String name, String valueType, boolean orgUnits, String optionSet) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"shortName\":\"" + name + "\",\"valueType\":\""
                + valueType + "\",\"organisationUnitAttribute\":" + orgUnits + ",\"dataElementAttribute\":" + !orgUnits
                + (optionSet == null ? "" : ",\"optionSet\":{\"id\":\"" + optionSet + "\"}") + "}";
    }

    private static String group(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"shortName\":\"" + name + "\"}";
    }

    private static String level(String id, String name, int level) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"level\":" + level + "}";
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    static HttpRequest.Builder request(Dhis2Emulator dhis2, String path) {
        return HttpRequest.newBuilder(URI.create(dhis2.baseUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:district".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json");
    }

    static String get(Dhis2Emulator dhis2, String path) throws Exception {
        return HttpClient.newHttpClient().send(request(dhis2, path).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void post(Dhis2Emulator dhis2, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                request(dhis2, "/api/metadata").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
