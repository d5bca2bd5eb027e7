package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-object rules DHIS2's metadata import enforces on organisation units (DESIGN.md section 4, dhis2-core
 * ErrorCode). Each test sends one offending unit, checks the error code and that nothing was stored.
 */
class OrgUnitValidationTest extends EmulatorTest {
    private JsonNode rejected(ObjectNode unit) {
        int before = dhis2.store().organisationUnitCount();
        HttpResponse<String> response = api.postMetadata("", TestApi.units(unit));
        assertEquals(409, response.statusCode(), response.body());
        assertEquals(before, dhis2.store().organisationUnitCount(), "a rejected unit is not stored");
        return TestApi.report(response);
    }

    private void accepted(ObjectNode... units) {
        HttpResponse<String> response = api.postMetadata("", TestApi.units(units));
        assertEquals(200, response.statusCode(), response.body());
    }

    /** E4014: an 11-character id that is not a DHIS2 uid (CodeGenerator: letter then 10 alphanumerics). */
    @Test
    void invalidUidIsE4014() {
        JsonNode report = rejected(TestApi.unit("1mspTQPwCqd", "Starts with a digit", null));
        assertEquals(List.of("E4014"), TestApi.errorCodes(report, 0));
        assertEquals(List.of("E4014"), TestApi.errorCodes(rejected(TestApi.unit("Imsp-QPwCqd", "Dash", null)), 0));
    }

    /** E4000 for each of name, shortName and openingDate, the three required org unit properties. */
    @Test
    void missingRequiredPropertiesAreE4000() {
        ObjectNode unit = Json.NODES.objectNode().put("id", "ImspTQPwCqd");
        JsonNode report = rejected(unit);
        assertEquals(List.of("E4000", "E4000", "E4000"), TestApi.errorCodes(report, 0));
        List<String> properties = new java.util.ArrayList<>();
        report.at("/typeReports/0/objectReports/0/errorReports").forEach(e -> properties.add(e.get("errorProperty")
                .asText()));
        assertEquals(List.of("name", "shortName", "openingDate"), properties);
    }

    /** E4001: shortName at most 50 and name at most 230 characters; the limits themselves are accepted. */
    @Test
    void overlongNamesAreE4001() {
        ObjectNode longShortName = TestApi.unit("ImspTQPwCqd", "ok", null).put("shortName", "s".repeat(51));
        JsonNode report = rejected(longShortName);
        assertEquals(List.of("E4001"), TestApi.errorCodes(report, 0));
        assertEquals("Maximum length of property `shortName`is 50, but given length was 51.",
                report.at("/typeReports/0/objectReports/0/errorReports/0/message").asText());
        assertEquals(List.of("E4001"), TestApi.errorCodes(rejected(TestApi.unit("ImspTQPwCqd", "n".repeat(231), null)
                .put("shortName", "ok")), 0));
        accepted(TestApi.unit("ImspTQPwCqd", "n".repeat(230), null).put("shortName", "s".repeat(50)));
    }

    /** E5003: code is unique among org units, against stored units and within one payload. */
    @Test
    void duplicateCodeIsE5003() {
        accepted(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null).put("code", "OU_525"));
        JsonNode report = rejected(TestApi.unit("O6uvpzGd5pu", "Bo", null).put("code", "OU_525"));
        assertEquals(List.of("E5003"), TestApi.errorCodes(report, 0));
        assertTrue(report.at("/typeReports/0/objectReports/0/errorReports/0/message").asText()
                .endsWith("already exists on object ImspTQPwCqd."));

        HttpResponse<String> twice = api.postMetadata("", TestApi.units(
                TestApi.unit("O6uvpzGd5pu", "Bo", null).put("code", "OU_264"),
                TestApi.unit("fdc6uOvgoji", "Bombali", null).put("code", "OU_264")));
        assertEquals(List.of("E5003"), TestApi.errorCodes(TestApi.report(twice), 0));
        assertEquals(1, dhis2.store().organisationUnitCount());
    }

    /** E5002: a parent that is neither stored nor in the payload is an invalid reference. */
    @Test
    void unknownParentIsE5002() {
        JsonNode report = rejected(TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd"));
        assertEquals(List.of("E5002"), TestApi.errorCodes(report, 0));
        assertEquals("parent", report.at("/typeReports/0/objectReports/0/errorReports/0/errorProperty").asText());
    }

    /** DHIS2 derives path and level from the parent; the payload's own path and level are ignored. */
    @Test
    void pathAndLevelComeFromTheParent() {
        accepted(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null),
                TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd").put("level", 7).put("path", "/nonsense"));
        OrgUnit bo = dhis2.store().organisationUnit("O6uvpzGd5pu").orElseThrow();
        assertEquals(2, bo.level());
        assertEquals("/ImspTQPwCqd/O6uvpzGd5pu", bo.path());

        // moving a subtree re-derives the descendants too
        accepted(TestApi.unit("YuQRtpLP10I", "Badjia", "O6uvpzGd5pu"));
        accepted(TestApi.unit("fdc6uOvgoji", "Bombali", "ImspTQPwCqd"));
        accepted(TestApi.unit("O6uvpzGd5pu", "Bo", "fdc6uOvgoji"));
        OrgUnit badjia = dhis2.store().organisationUnit("YuQRtpLP10I").orElseThrow();
        assertEquals("/ImspTQPwCqd/fdc6uOvgoji/O6uvpzGd5pu/YuQRtpLP10I", badjia.path());
        assertEquals(4, badjia.level());
    }

    /** A unit cannot become its own ancestor: moving a parent under its child fails and changes nothing. */
    @Test
    void cyclesAreRejected() {
        accepted(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null), TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd"));
        JsonNode report = rejected(TestApi.unit("ImspTQPwCqd", "Sierra Leone", "O6uvpzGd5pu"));
        assertEquals(List.of("E4027"), TestApi.errorCodes(report, 0));
        assertEquals(1, dhis2.store().organisationUnit("ImspTQPwCqd").orElseThrow().level());
    }

    /** E4013: closedDate must come after openingDate. */
    @Test
    void closedBeforeOpenedIsE4013() {
        JsonNode report = rejected(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null).put("closedDate", "1999-01-01"));
        assertEquals(List.of("E4013"), TestApi.errorCodes(report, 0));
    }

    private void attributes() {
        ObjectNode payload = Json.NODES.objectNode();
        var attributes = payload.putArray("attributes");
        attributes.addObject().put("id", "l1VmqIHKk6t").put("name", "Beds").put("valueType", "INTEGER")
                .put("organisationUnitAttribute", true);
        attributes.addObject().put("id", "n2xYlNbsfko").put("name", "Ownership").put("valueType", "TEXT")
                .put("organisationUnitAttribute", true).set("optionSet", Json.ref("ZGkmoWb77MW"));
        attributes.addObject().put("id", "DnrLSdo4hMl").put("name", "Data element only").put("valueType", "TEXT")
                .put("dataElementAttribute", true);
        attributes.addObject().put("id", "xqWyz9jNCA5").put("name", "Facility id").put("valueType", "TEXT")
                .put("organisationUnitAttribute", true).put("unique", true);
        ObjectNode set = payload.putArray("optionSets").addObject().put("id", "ZGkmoWb77MW").put("name", "Ownership");
        set.putArray("options").add(Json.ref("NpP4y21f6fY"));
        payload.putArray("options").addObject().put("id", "NpP4y21f6fY").put("code", "PUBLIC").put("name", "Public");
        assertEquals(200, api.postMetadata("", payload).statusCode());
    }

    private static ObjectNode withValue(ObjectNode unit, String attributeId, String value) {
        var values = unit.withArray("attributeValues");
        ObjectNode attributeValue = values.addObject().put("value", value);
        attributeValue.set("attribute", Json.ref(attributeId));
        return unit;
    }

    /** Attribute values: E5002 unknown attribute, E4010 not an org unit attribute, E4027 value not of its valueType. */
    @Test
    void attributeValuesMustFitAnOrgUnitAttribute() {
        attributes();
        ObjectNode unit = TestApi.unit("ImspTQPwCqd", "Sierra Leone", null);
        assertEquals(List.of("E5002"), TestApi.errorCodes(rejected(withValue(unit.deepCopy(), "AAAAAAAAAAA", "1")), 0));
        assertEquals(List.of("E4010"), TestApi.errorCodes(rejected(withValue(unit.deepCopy(), "DnrLSdo4hMl", "x")), 0));
        assertEquals(List.of("E4027"), TestApi.errorCodes(rejected(withValue(unit.deepCopy(), "l1VmqIHKk6t", "many")),
                0));
        accepted(withValue(unit.deepCopy(), "l1VmqIHKk6t", "12"));
        assertEquals("12", dhis2.store().organisationUnit("ImspTQPwCqd").orElseThrow().attributeValue("l1VmqIHKk6t"));
    }

    /** An attribute with an option set takes an option code only (metadata-get-attributes_remote-test.json). */
    @Test
    void optionSetAttributeTakesAnOptionCode() {
        attributes();
        ObjectNode unit = TestApi.unit("ImspTQPwCqd", "Sierra Leone", null);
        assertEquals(List.of("E4027"), TestApi.errorCodes(rejected(withValue(unit.deepCopy(), "n2xYlNbsfko", "Public")),
                0));
        accepted(withValue(unit.deepCopy(), "n2xYlNbsfko", "PUBLIC"));
    }

    /** E4009: a unique attribute's value may be held by one unit only. */
    @Test
    void uniqueAttributeValueIsE4009() {
        attributes();
        accepted(withValue(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null), "xqWyz9jNCA5", "F-1"));
        JsonNode report = rejected(withValue(TestApi.unit("O6uvpzGd5pu", "Bo", null), "xqWyz9jNCA5", "F-1"));
        assertEquals(List.of("E4009"), TestApi.errorCodes(report, 0));
        accepted(withValue(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null), "xqWyz9jNCA5", "F-1"));
    }

    /** E4011: a mandatory org unit attribute must have a value. */
    @Test
    void mandatoryAttributeIsE4011() {
        ObjectNode payload = Json.NODES.objectNode();
        payload.putArray("attributes").addObject().put("id", "l1VmqIHKk6t").put("name", "Beds")
                .put("valueType", "INTEGER").put("organisationUnitAttribute", true).put("mandatory", true);
        api.postMetadata("", payload);
        assertEquals(List.of("E4011"), TestApi.errorCodes(rejected(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null)),
                0));
        assertFalse(dhis2.store().organisationUnit("ImspTQPwCqd").isPresent());
    }
}
