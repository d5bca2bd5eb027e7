package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One error of an object report, with the codes and message texts of dhis2-core's ErrorCode enum. Factories name the
 * rules the importer enforces.
 */
record ErrorReport(String errorCode, String message, String mainKlass, String errorKlass, String errorProperty,
        List<Object> errorProperties, String value) {

    static final String ORG_UNIT = "org.hisp.dhis.organisationunit.OrganisationUnit";
    static final String STRING = "java.lang.String";
    static final String DATE = "java.util.Date";

    static ErrorReport missing(String mainKlass, String property, String errorKlass) {
        return new ErrorReport("E4000", "Missing required property `" + property + "`.", mainKlass, errorKlass,
                property, List.of(property), null);
    }

    static ErrorReport tooLong(String mainKlass, String property, int max, int length) {
        // "`is" without a space is DHIS2's own text
        return new ErrorReport("E4001", "Maximum length of property `" + property + "`is " + max
                + ", but given length was " + length + ".", mainKlass, STRING, property, List.of(property, max, length),
                null);
    }

    static ErrorReport idLength(String mainKlass, String id) {
        return new ErrorReport("E4002", "Allowed length range for property `id` is [11 to 11], but given length was "
                + id.length() + ".", mainKlass, STRING, "id", List.of("id", 11.0, 11.0, id.length()), id);
    }

    static ErrorReport invalidUid(String mainKlass, String id) {
        return new ErrorReport("E4014", "Invalid UID `" + id + "` for property `id`", mainKlass, STRING, "id",
                List.of(id, "id"), id);
    }

    static ErrorReport closedBeforeOpened(String closed, String opened) {
        return new ErrorReport("E4013", "Invalid Closing date `" + closed + "`, must be after Opening date `" + opened
                + "`", ORG_UNIT, DATE, "closedDate", List.of(closed, opened), closed);
    }

    static ErrorReport invalidValue(String mainKlass, String property, String value) {
        return new ErrorReport("E4027", "Value `" + value + "` is not a valid for property `" + property + "`",
                mainKlass, STRING, property, List.of(value, property), value);
    }

    static ErrorReport uniqueAttribute(String attributeId, String value) {
        return new ErrorReport("E4009", "Attribute `" + attributeId + "` is unique, and value `" + value
                + "` already exist.", ORG_UNIT, "org.hisp.dhis.attribute.Attribute", "attributeValues",
                List.of(attributeId, value), value);
    }

    static ErrorReport attributeNotForType(String attributeId) {
        return new ErrorReport("E4010", "Attribute `" + attributeId + "` is not supported for type `OrganisationUnit`.",
                ORG_UNIT, "org.hisp.dhis.attribute.Attribute", "attributeValues", List.of(attributeId,
                        "OrganisationUnit"), attributeId);
    }

    static ErrorReport mandatoryAttribute(String attributeId) {
        return new ErrorReport("E4011", "Attribute `" + attributeId + "` is required, but no value was found.",
                ORG_UNIT, "org.hisp.dhis.attribute.Attribute", "attributeValues", List.of(attributeId), null);
    }

    static ErrorReport hasChildren(String uid) {
        return new ErrorReport("E4030", "Object could not be deleted because it is associated with another object: "
                + "OrganisationUnit", ORG_UNIT, ORG_UNIT, "children", List.of(uid), uid);
    }

    static ErrorReport foundButCreate(String mainKlass, String identifier, String object) {
        return new ErrorReport("E5000", "Found matching object for reference, but import mode is CREATE. Identifier was "
                + identifier + ", and object was " + object + ".", mainKlass, mainKlass, null,
                List.of(identifier, object), null);
    }

    static ErrorReport notFound(String mainKlass, String identifier, String object) {
        return new ErrorReport("E5001", "No matching object for reference. Identifier was " + identifier
                + ", and object was " + object + ".", mainKlass, mainKlass, null, List.of(identifier, object), null);
    }

    static ErrorReport invalidReference(String mainKlass, String reference, String object, String association,
            String referenceKlass) {
        return new ErrorReport("E5002", "Invalid reference " + reference + " on object " + object
                + " for association `" + association + "`.", mainKlass, referenceKlass, association,
                List.of(reference, object, association), reference);
    }

    static ErrorReport duplicateProperty(String mainKlass, String property, String value, String object,
            String existing) {
        return new ErrorReport("E5003", "Property `" + property + "` with value `" + value + "` on object " + object
                + " already exists on object " + existing + ".", mainKlass, STRING, property,
                List.of(property, value, object, existing), value);
    }

    static ErrorReport duplicateTranslation(String property, String locale) {
        return new ErrorReport("E1106", "There are duplicate translation record for property `" + property
                + "` and locale `" + locale + "`", "org.hisp.dhis.translation.Translation", ORG_UNIT, null,
                List.of(property, locale), null);
    }

    /** Shape of the fixtures: errorProperty only when DHIS2 names one property; args as well from v40 on. */
    ObjectNode toJson(Dhis2Version version) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("message", message);
        node.put("mainKlass", mainKlass);
        node.put("errorCode", errorCode);
        node.put("errorKlass", errorKlass);
        Json.putIfNotNull(node, "errorProperty", errorProperty);
        ArrayNode properties = node.putArray("errorProperties");
        errorProperties.forEach(p -> properties.addPOJO(p));
        Json.putIfNotNull(node, "value", value);
        if (version.atLeast(40)) {
            ArrayNode args = node.putArray("args");
            errorProperties.forEach(p -> args.add(String.valueOf(p)));
        }
        return node;
    }
}
