package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Writes the Organizations and Locations {@link McsdMapper} builds as FHIR JSON, field by field, in HAPI's element
 * order. HAPI's general-purpose encoder spends about 100 µs per resource walking the model; this writer knows the
 * few elements the mapper sets and is an order of magnitude faster, which "Generate Bundle" needs for national
 * hierarchies. A test checks that its output equals HAPI's for every element the mapper uses.
 */
final class McsdJson {

    private McsdJson() {}

    static void write(JsonGenerator out, Organization org) throws IOException {
        out.writeStartObject();
        out.writeStringField("resourceType", "Organization");
        identifiers(out, org.getIdentifier());
        if (org.hasActive()) {
            out.writeBooleanField("active", org.getActive());
        }
        concepts(out, "type", org.getType());
        if (org.hasName()) {
            out.writeStringField("name", org.getName());
        }
        strings(out, "alias", org.getAlias());
        reference(out, "partOf", org.getPartOf());
        out.writeEndObject();
    }

    static void write(JsonGenerator out, Location location) throws IOException {
        out.writeStartObject();
        out.writeStringField("resourceType", "Location");
        extensions(out, "extension", location.getExtension());
        identifiers(out, location.getIdentifier());
        if (location.hasStatus()) {
            out.writeStringField("status", location.getStatus().toCode());
        }
        if (location.hasName()) {
            out.writeStringField("name", location.getName());
            if (location.getNameElement().hasExtension()) {
                out.writeObjectFieldStart("_name");
                extensions(out, "extension", location.getNameElement().getExtension());
                out.writeEndObject();
            }
        }
        strings(out, "alias", location.getAlias());
        if (location.hasMode()) {
            out.writeStringField("mode", location.getMode().toCode());
        }
        concepts(out, "type", location.getType());
        if (location.hasPhysicalType()) {
            out.writeFieldName("physicalType");
            concept(out, location.getPhysicalType());
        }
        if (location.hasPosition()) {
            out.writeObjectFieldStart("position");
            decimal(out, "longitude", location.getPosition().getLongitudeElement());
            decimal(out, "latitude", location.getPosition().getLatitudeElement());
            out.writeEndObject();
        }
        reference(out, "managingOrganization", location.getManagingOrganization());
        reference(out, "partOf", location.getPartOf());
        out.writeEndObject();
    }

    private static void identifiers(JsonGenerator out, List<Identifier> identifiers) throws IOException {
        if (identifiers.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart("identifier");
        for (Identifier id : identifiers) {
            out.writeStartObject();
            if (id.hasUse()) {
                out.writeStringField("use", id.getUse().toCode());
            }
            optional(out, "system", id.getSystem());
            optional(out, "value", id.getValue());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void concepts(JsonGenerator out, String name, List<CodeableConcept> concepts) throws IOException {
        if (concepts.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart(name);
        for (CodeableConcept c : concepts) {
            concept(out, c);
        }
        out.writeEndArray();
    }

    private static void concept(JsonGenerator out, CodeableConcept concept) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("coding");
        for (Coding coding : concept.getCoding()) {
            out.writeStartObject();
            optional(out, "system", coding.getSystem());
            optional(out, "code", coding.getCode());
            optional(out, "display", coding.getDisplay());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void strings(JsonGenerator out, String name, List<StringType> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart(name);
        for (StringType v : values) {
            out.writeString(v.getValue());
        }
        out.writeEndArray();
    }

    private static void reference(JsonGenerator out, String name, Reference reference) throws IOException {
        if (reference != null && reference.hasReference()) {
            out.writeObjectFieldStart(name);
            out.writeStringField("reference", reference.getReference());
            out.writeEndObject();
        }
    }

    private static void extensions(JsonGenerator out, String name, List<Extension> extensions) throws IOException {
        if (extensions.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart(name);
        for (Extension e : extensions) {
            out.writeStartObject();
            extensions(out, "extension", e.getExtension());
            out.writeStringField("url", e.getUrl());
            if (e.hasValue()) {
                value(out, e.getValue());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** The value[x] types the mapper uses; anything else is a bug caught by the equivalence test. */
    private static void value(JsonGenerator out, Type value) throws IOException {
        if (value instanceof Attachment a) {
            out.writeObjectFieldStart("valueAttachment");
            optional(out, "contentType", a.getContentType());
            if (a.hasData()) {
                out.writeStringField("data", a.getDataElement().getValueAsString());
            }
            out.writeEndObject();
        } else if (value instanceof BooleanType b) {
            out.writeBooleanField("valueBoolean", b.getValue());
        } else if (value instanceof IntegerType i) {
            out.writeNumberField("valueInteger", i.getValue());
        } else if (value instanceof DecimalType d) {
            decimal(out, "valueDecimal", d);
        } else if (value instanceof DateType d) {
            out.writeStringField("valueDate", d.getValueAsString());
        } else if (value instanceof PrimitiveType<?> p) {
            out.writeStringField("value" + Character.toUpperCase(p.fhirType().charAt(0)) + p.fhirType().substring(1),
                    p.getValueAsString());
        } else {
            throw new IllegalArgumentException("No JSON writer for extension values of type " + value.fhirType());
        }
    }

    private static void decimal(JsonGenerator out, String name, DecimalType value) throws IOException {
        BigDecimal d = value.getValue();
        out.writeFieldName(name);
        out.writeNumber(d.toPlainString());
    }

    private static void optional(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }
}
