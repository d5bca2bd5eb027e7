package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.fhir.FhirTestServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exports to a real HAPI JPA server and reads back what it stored. */
class FhirExportTest {

    private static FhirTestServer fhir;
    private static IGenericClient client;
    private final FhirSyncProvider provider = new FhirSyncProvider();
    /** Each test exports under its own identifier system, so tests sharing the server do not meet. */
    private final String system = "https://registry.example.org/" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        fhir = FhirTestServer.shared();
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = ctx.newRestfulGenericClient(fhir.baseUrl());
    }

    private TestJob job(Map<String, Object> config) {
        Map<String, Object> settings = new HashMap<>(Map.of("hierarchy", TestJob.HIERARCHY));
        settings.putAll(config);
        return new TestJob(Settings.of(Map.of("url", fhir.baseUrl(), "system", system)), Settings.of(settings),
                SampleHierarchy.TYPES);
    }

    private Location location(String code) {
        Bundle found = client.search().byUrl("Location?identifier=" + system + "|" + code).returnBundle(Bundle.class)
                .execute();
        assertEquals(1, found.getEntry().size(), "one Location " + code);
        return (Location) found.getEntryFirstRep().getResource();
    }

    private Organization organization(String code) {
        Bundle found = client.search().byUrl("Organization?identifier=" + system + "|" + code)
                .returnBundle(Bundle.class).execute();
        assertEquals(1, found.getEntry().size(), "one Organization " + code);
        return (Organization) found.getEntryFirstRep().getResource();
    }

    @Test
    void aHierarchyBecomesMcsdPairsParentsFirstAndTheLocationIdsAreStored() throws Exception {
        TestJob job = SampleHierarchy.fill(job(Map.of("batchSize", 4, "preferredLocale", "en", "attributes",
                List.of(Map.of("attribute", "beds", "extension", "https://registry.example.org/fhir/beds"),
                        Map.of("attribute", "dhisId", "identifierSystem", "https://dhis2.example.org/uid")))), 2, 2);
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(job.objects.size(), job.externalIds.size());

        Location country = location("KE");
        assertEquals(job.externalId("COUNTRY", "KE"), country.getIdElement().getIdPart());
        assertEquals("Kenya", country.getName());
        assertTrue(country.getAlias().stream().anyMatch(a -> a.getValue().equals("Jamhuri ya Kenya")));
        assertEquals("jdn", country.getPhysicalType().getCodingFirstRep().getCode());
        assertEquals("jurisdiction", country.getTypeFirstRep().getCoding().get(0).getCode());
        assertEquals("COUNTRY", country.getTypeFirstRep().getCoding().get(1).getCode());
        assertEquals(Location.LocationStatus.ACTIVE, country.getStatus());
        Extension boundary = country.getExtensionByUrl(McsdMapper.BOUNDARY);
        assertTrue(new String(((org.hl7.fhir.r4.model.Attachment) boundary.getValue()).getData(),
                StandardCharsets.UTF_8).contains("\"Polygon\""));
        assertEquals(38.0, country.getPosition().getLongitude().doubleValue(), 0.01, "centroid of the square");
        assertTrue(country.getNameElement().getExtensionsByUrl(McsdMapper.TRANSLATION).stream()
                .anyMatch(t -> t.getExtensionString("lang").equals("fr-FR")));
        Organization countryOrg = organization("KE");
        assertEquals("Organization/" + countryOrg.getIdElement().getIdPart(),
                country.getManagingOrganization().getReference());
        assertTrue(countryOrg.getActive());

        Location district = location("KE-P2-D1");
        assertEquals("Location/" + job.externalId("PROVINCE", "KE-P2"), district.getPartOf().getReference());
        assertEquals("Organization/" + organization("KE-P2").getIdElement().getIdPart(),
                organization("KE-P2-D1").getPartOf().getReference());

        Location facility = location("KE-P1-D2-F1");
        assertEquals("bu", facility.getPhysicalType().getCodingFirstRep().getCode());
        assertEquals("facility", facility.getTypeFirstRep().getCodingFirstRep().getCode());
        assertEquals("Location/" + job.externalId("DISTRICT", "KE-P1-D2"), facility.getPartOf().getReference());
        assertNull(facility.getExtensionByUrl(McsdMapper.BOUNDARY), "points have no boundary");
        assertEquals(36.81, facility.getPosition().getLongitude().doubleValue(), 1e-9);
        assertEquals(10, ((IntegerType) facility.getExtensionByUrl("https://registry.example.org/fhir/beds")
                .getValue()).getValue());
        assertTrue(facility.getIdentifier().stream().anyMatch(i -> i.getSystem().equals("https://dhis2.example.org/uid")
                && i.getValue().equals("Ab121cdefghi")));
        assertEquals(Location.LocationStatus.INACTIVE, location("KE-P1-D2-F2").getStatus(), "closed in 2024");
        assertFalse(organization("KE-P1-D2-F2").getActive());
    }

    @Test
    void aSecondRunUpdatesInPlace() throws Exception {
        TestJob job = SampleHierarchy.fill(job(Map.of()), 1, 1);
        provider.run(job);
        String id = job.externalId("PROVINCE", "KE-P1");
        GeoObject p1 = job.objects.get("PROVINCE/KE-P1");
        job.put(new GeoObject(p1.typeCode(), p1.code(), LocalizedText.of("Renamed"), p1.geometry(), p1.attributes(),
                p1.parents(), p1.validFrom(), p1.validTo(), Instant.parse("2026-02-01T00:00:00Z"), Map.of()));
        job.changedSince = Instant.parse("2026-01-15T00:00:00Z");
        provider.run(job);
        assertEquals(List.of(), job.errors);
        Location renamed = location("KE-P1");
        assertEquals("Renamed", renamed.getName());
        assertEquals(id, renamed.getIdElement().getIdPart());
        assertEquals("2", renamed.getMeta().getVersionId(), "updated once, by the incremental run");
        assertEquals("1", location("KE-P2").getMeta().getVersionId(), "unchanged objects are not sent again");
    }

    @Test
    void anObjectTheServerRefusesIsReportedAloneAndTheRestOfItsBatchIsCommitted() throws Exception {
        // two Locations already carry the code DUP: a conditional update cannot tell which to update (HTTP 412)
        for (int i = 0; i < 2; i++) {
            Location existing = new Location().setName("Dup " + i);
            existing.addIdentifier().setSystem(system).setValue("DUP");
            client.create().resource(existing).execute();
        }
        TestJob job = job(Map.of("batchSize", 10));
        job.add("COUNTRY", "KE", "Kenya", null, null, null);
        job.add("PROVINCE", "A", "A", "COUNTRY", "KE", null);
        job.add("PROVINCE", "DUP", "Duplicated", "COUNTRY", "KE", null);
        job.add("PROVINCE", "Z", "Z", "COUNTRY", "KE", null);
        provider.run(job);
        List<ObjectError> errors = job.errors(ObjectError.Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        ObjectError dup = errors.get(0);
        assertEquals("DUP", dup.objectCode());
        assertEquals("PROVINCE", dup.typeCode());
        assertEquals("FHIR_412", dup.code());
        assertTrue(dup.response().contains("OperationOutcome"), dup.response());
        assertTrue(dup.submitted().contains("Location?identifier="), dup.submitted());
        assertNotNull(job.externalId("PROVINCE", "A"));
        assertNotNull(job.externalId("PROVINCE", "Z"));
        assertNull(job.externalId("PROVINCE", "DUP"));
        assertEquals("Location/" + job.externalId("COUNTRY", "KE"), location("Z").getPartOf().getReference());
    }

    @Test
    void aDryRunChecksWithoutSending() throws Exception {
        TestJob job = job(Map.of());
        job.add("COUNTRY", "KE", "Kenya", null, null, null);
        job.put(SampleHierarchy.object("PROVINCE", "NONAME", Map.of(), "COUNTRY", "KE", null, null, Map.of()));
        job.dryRun = true;
        provider.run(job);
        assertEquals(1, job.errors.size());
        assertEquals("NONAME has no label, and a FHIR Location needs a name", job.errors.get(0).message());
        assertTrue(job.externalIds.isEmpty());
        Bundle none = client.search().byUrl("Location?identifier=" + system + "|KE").returnBundle(Bundle.class).execute();
        assertEquals(0, none.getEntry().size());
    }
}
