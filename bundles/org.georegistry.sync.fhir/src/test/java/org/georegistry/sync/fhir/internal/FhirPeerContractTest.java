package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.georegistry.itests.fhir.FhirTestServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of a real HAPI JPA server (the test server of {@code itests/fhir-server}) that the FHIR provider
 * relies on: conditional updates in a transaction (create then update in place), references between entries by
 * urn:uuid, {@code _include} and paging. It runs here, on the server the provider's tests share, rather than in that
 * module on a server of its own: one HAPI start fewer (15-25 s), and that module's build no longer holds up this one.
 * Its identifiers use a system ({@code http://}) that no other test here writes.
 */
class FhirPeerContractTest {

    private static final String SYSTEM = "http://registry.example.org/code";
    private static IGenericClient client;

    @BeforeAll
    static void start() throws Exception {
        FhirContext ctx = FhirContext.forR4();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = ctx.newRestfulGenericClient(FhirTestServer.shared().baseUrl());
    }

    @Test
    void metadataSaysR4WithTransactions() {
        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        assertEquals("4.0.1", cs.getFhirVersion().toCode());
        assertTrue(cs.getRestFirstRep().getInteraction().stream()
                .anyMatch(i -> i.getCode().toCode().equals("transaction")));
    }

    @Test
    void conditionalUpdatesInATransactionCreateThenUpdateInPlace() {
        Bundle first = client.transaction().withBundle(pair("C1", "First")).execute();
        String id = first.getEntry().get(1).getResponse().getLocation().split("/")[1];
        assertTrue(first.getEntry().get(1).getResponse().getStatus().startsWith("201"));
        Bundle second = client.transaction().withBundle(pair("C1", "Renamed")).execute();
        assertTrue(second.getEntry().get(1).getResponse().getStatus().startsWith("200"));
        assertEquals(id, second.getEntry().get(1).getResponse().getLocation().split("/")[1]);

        Bundle found = client.search().byUrl("Location?identifier=" + SYSTEM + "|C1&_include=Location:organization")
                .returnBundle(Bundle.class).execute();
        assertEquals(2, found.getEntry().size());
        Location location = (Location) found.getEntry().stream()
                .filter(e -> e.getResource() instanceof Location).findFirst().orElseThrow().getResource();
        assertEquals("Renamed", location.getName());
        assertNotNull(location.getManagingOrganization().getReference());
    }

    @Test
    void searchesArePagedWithNextLinks() {
        for (int i = 0; i < 3; i++) {
            client.transaction().withBundle(pair("P" + i, "Paged " + i)).execute();
        }
        Bundle page = client.search().byUrl("Location?name=Paged&_count=2").returnBundle(Bundle.class).execute();
        assertEquals(2, page.getEntry().size());
        assertNotNull(page.getLink("next"));
        Bundle next = client.loadPage().next(page).execute();
        assertEquals(1, next.getEntry().size());
    }

    private static Bundle pair(String code, String name) {
        Organization org = new Organization().setName(name);
        org.addIdentifier().setSystem(SYSTEM).setValue(code);
        Location location = new Location().setName(name).setStatus(Location.LocationStatus.ACTIVE);
        location.addIdentifier().setSystem(SYSTEM).setValue(code);
        location.setManagingOrganization(new Reference("urn:uuid:org-" + code));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:org-" + code).setResource(org).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("Organization?identifier=" + SYSTEM + "|" + code);
        bundle.addEntry().setFullUrl("urn:uuid:loc-" + code).setResource(location).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("Location?identifier=" + SYSTEM + "|" + code);
        return bundle;
    }
}
