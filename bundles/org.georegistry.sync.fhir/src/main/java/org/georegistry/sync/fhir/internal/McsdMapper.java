package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.sync.fhir.internal.ConfigSettings.AttributeMapping;
import org.georegistry.sync.fhir.internal.ConfigSettings.Kind;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Turns a Geo-Object into its IHE mCSD pair: an Organization (type jurisdiction or facility, {@code partOf} the
 * parent's Organization) and a Location (same type, physicalType jdn or bu, {@code managingOrganization},
 * {@code partOf} the parent's Location, status from validity, position, boundary, name and aliases), both
 * identified by {@code system|code}.
 */
final class McsdMapper {

    static final String MCSD_TYPES = "https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types";
    static final String PHYSICAL_TYPES = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    static final String BOUNDARY = "http://hl7.org/fhir/StructureDefinition/location-boundary-geojson";
    static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
    /** Marks an identifier whose value is a URI: used for the resource's address on the server, when known. */
    static final String URI_SYSTEM = "urn:ietf:rfc:3986";

    /** The codes of the R4 value set http://hl7.org/fhir/ValueSet/languages, which binds translation languages. */
    static final Set<String> COMMON_LANGUAGES = Set.of("ar", "bn", "cs", "da", "de", "de-AT", "de-CH", "de-DE",
            "el", "en", "en-AU", "en-CA", "en-GB", "en-IN", "en-NZ", "en-SG", "en-US", "es", "es-AR", "es-ES", "es-UY",
            "fi", "fr", "fr-BE", "fr-CH", "fr-FR", "fy", "fy-NL", "hi", "hr", "it", "it-CH", "it-IT", "ja", "ko", "nl",
            "nl-BE", "nl-NL", "no", "no-NO", "pa", "pl", "pt", "pt-BR", "ru", "ru-RU", "sr", "sr-RS", "sv", "sv-SE",
            "te", "zh", "zh-CN", "zh-HK", "zh-SG", "zh-TW");

    /** The two resources of one object; {@code problem} says why none could be made. */
    record Pair(Organization organization, Location location, String problem) {}

    /** Where the parent is: references for the Location's and the Organization's {@code partOf}, or nulls. */
    record ParentRefs(String location, String organization) {}

    private final ObjectMapper mapper;
    private final String system;
    private final String base;
    private final ConfigSettings config;
    private final LocalDate today;

    McsdMapper(ObjectMapper mapper, String system, String base, ConfigSettings config, LocalDate today) {
        this.mapper = mapper;
        this.system = system;
        this.base = base;
        this.config = config;
        this.today = today;
    }

    static McsdMapper forToday(ObjectMapper mapper, String system, String base, ConfigSettings config) {
        return new McsdMapper(mapper, system, base, config, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * @param locationId the id the server gave the object's Location, or null
     * @param organizationRef how the Location points at its Organization (a urn:uuid in the same Bundle)
     */
    Pair map(GeoObject object, Kind kind, String locationId, String organizationRef, ParentRefs parent) {
        String name = object.label().get(config.preferredLocale());
        if (name == null || name.isBlank()) {
            return new Pair(null, null, "has no label, and a FHIR Location needs a name");
        }
        GeoJson.Shape shape = GeoJson.read(mapper, object.geometry());
        if (object.geometry() != null && (shape == null || shape.centroid() == null)) {
            return new Pair(null, null, "has a geometry that is not valid GeoJSON");
        }
        boolean active = object.validOn(today);
        CodeableConcept type = type(object, kind);

        Organization org = new Organization();
        org.addIdentifier(identifier(object.code()));
        org.setActive(active);
        org.addType(type.copy());
        org.setName(name);
        addAliases(object.label(), name, org.getAlias());
        if (parent.organization() != null) {
            org.setPartOf(new Reference(parent.organization()));
        }

        Location location = new Location();
        location.addIdentifier(identifier(object.code()));
        if (locationId != null) {
            location.addIdentifier().setUse(Identifier.IdentifierUse.SECONDARY).setSystem(URI_SYSTEM)
                    .setValue(base + "/Location/" + locationId);
        }
        location.setStatus(active ? Location.LocationStatus.ACTIVE : Location.LocationStatus.INACTIVE);
        location.setName(name);
        translations(object.label(), location.getNameElement());
        addAliases(object.label(), name, location.getAlias());
        location.setMode(Location.LocationMode.INSTANCE);
        location.addType(type);
        location.setPhysicalType(new CodeableConcept(new Coding(PHYSICAL_TYPES, kind.physicalType, kind.physicalDisplay)));
        location.setManagingOrganization(new Reference(organizationRef));
        if (parent.location() != null) {
            location.setPartOf(new Reference(parent.location()));
        }
        if (shape != null) {
            location.setPosition(new Location.LocationPositionComponent(
                    decimal(shape.centroid()[0]), decimal(shape.centroid()[1])));
            if (!shape.point() && config.includeBoundaries()) {
                location.addExtension(new Extension(BOUNDARY, new Attachment().setContentType("application/geo+json")
                        .setData(object.geometry().getBytes(StandardCharsets.UTF_8))));
            }
        }
        List<String> problems = attributes(object, org, location);
        return new Pair(org, location, problems.isEmpty() ? null : String.join("; ", problems));
    }

    Identifier identifier(String code) {
        return new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(system).setValue(code);
    }

    private CodeableConcept type(GeoObject object, Kind kind) {
        CodeableConcept type = new CodeableConcept();
        type.addCoding(new Coding(MCSD_TYPES, kind.code, kind.display));
        // the Geo-Object Type, under the registry's identifier system, so an import can tell the type back
        type.addCoding(new Coding().setSystem(system).setCode(object.typeCode()));
        return type;
    }

    /** Every other value of the label, once, as aliases. */
    private static void addAliases(LocalizedText label, String name, List<StringType> aliases) {
        Set<String> seen = new LinkedHashSet<>(label.values().values());
        seen.remove(name);
        seen.stream().filter(s -> s != null && !s.isBlank()).forEach(s -> aliases.add(new StringType(s)));
    }

    /**
     * The label in each locale, as the standard translation extension on the name. R4 binds its language to the
     * closed list of common languages, so a label in another language is sent as an alias only.
     */
    private static void translations(LocalizedText label, StringType name) {
        for (Map.Entry<String, String> e : label.values().entrySet()) {
            String lang = languageTag(e.getKey());
            if (lang == null || e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            Extension translation = name.addExtension().setUrl(TRANSLATION);
            translation.addExtension("lang", new CodeType(lang));
            translation.addExtension("content", new StringType(e.getValue()));
        }
    }

    /** The R4 common-languages code of a label locale ({@code pt_BR} is {@code pt-BR}), or null. */
    static String languageTag(String locale) {
        String[] parts = locale.split("[_-]");
        String tag = parts[0].toLowerCase(java.util.Locale.ROOT)
                + (parts.length > 1 ? "-" + parts[1].toUpperCase(java.util.Locale.ROOT) : "");
        return COMMON_LANGUAGES.contains(tag) ? tag : null;
    }

    private List<String> attributes(GeoObject object, Organization org, Location location) {
        List<String> problems = new ArrayList<>();
        for (AttributeMapping mapping : config.attributes()) {
            Object value = object.attributes().get(mapping.attribute());
            if (value == null) {
                continue;
            }
            if (mapping.identifierSystem() != null) {
                String text = value instanceof LocalizedText t ? t.defaultValue() : value.toString();
                org.addIdentifier().setUse(Identifier.IdentifierUse.SECONDARY).setSystem(mapping.identifierSystem())
                        .setValue(text);
                location.addIdentifier().setUse(Identifier.IdentifierUse.SECONDARY)
                        .setSystem(mapping.identifierSystem()).setValue(text);
                continue;
            }
            Type fhirValue = value(value);
            if (fhirValue == null) {
                problems.add("attribute " + mapping.attribute() + " has a value of type "
                        + value.getClass().getSimpleName() + " that no FHIR extension value can carry");
            } else {
                location.addExtension(new Extension(mapping.extension(), fhirValue));
            }
        }
        return problems;
    }

    private static Type value(Object value) {
        if (value instanceof Boolean b) {
            return new BooleanType(b);
        }
        if (value instanceof Long || value instanceof Integer) {
            long n = ((Number) value).longValue();
            return n == (int) n ? new IntegerType((int) n) : new DecimalType(BigDecimal.valueOf(n));
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return new DecimalType(new BigDecimal(value.toString()));
        }
        if (value instanceof LocalDate d) {
            return new DateType(d.toString());
        }
        if (value instanceof LocalizedText t) {
            return t.defaultValue() == null ? null : new StringType(t.defaultValue());
        }
        if (value instanceof String s) {
            return new StringType(s);
        }
        return null;
    }

    private static DecimalType decimal(double degrees) {
        return new DecimalType(BigDecimal.valueOf(degrees).setScale(7, RoundingMode.HALF_UP).stripTrailingZeros());
    }
}
