package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.itests.reveal.Faults;
import org.georegistry.itests.reveal.RevealEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export to OpenSRP's /rest/location/add against the emulator. */
class OpenSrpExportTest {

    private final RevealSyncProvider provider = Fixtures.provider();
    private final RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config());

    @AfterEach
    void stop() {
        reveal.close();
    }

    private JsonNode stored(TestJob job, String type, String code) {
        return reveal.openSrp().jurisdiction(job.externalId(type, code)).orElseThrow();
    }

    @Test
    void createsTheHierarchyWithParentIdsThenUpdatesItInPlace() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config("locale", "fr"));
        job.put(new GeoObject("district", "KAF", new LocalizedText(Map.of("en", "Kafue", "fr", "Kafoué")), Fixtures.KAFUE,
                Map.of(), job.object("district", "KAF").parents(), LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1),
                TestJob.CREATED, Map.of()));
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(5, reveal.openSrp().jurisdictionCount());
        assertEquals(5, job.externalIds.size());
        JsonNode district = stored(job, "district", "CHO");
        assertEquals(job.externalId("province", "LSK"), district.at("/properties/parentId").asText());
        assertEquals(2, district.at("/properties/geographicLevel").asInt(), "depth in the hierarchy, from 0");
        assertEquals("CHO", district.at("/properties/code").asText());
        assertEquals("Active", district.at("/properties/status").asText());
        assertEquals("Polygon", district.at("/geometry/type").asText());
        JsonNode kafue = stored(job, "district", "KAF");
        assertEquals("Kafoué", kafue.at("/properties/name").asText(), "the label in the configured locale");
        assertEquals("Inactive", kafue.at("/properties/status").asText(), "valid until 2021");
        assertEquals("2021-01-01", kafue.at("/properties/effectiveEndDate").asText());
        assertTrue(stored(job, "country", "ZM").at("/properties/parentId").isMissingNode());
        assertTrue(Locations.isUuid(job.externalId("facility", "F1")));
        assertEquals(4, reveal.requestCount("/rest/location/add"), "one batch per level");

        job.put(new GeoObject("facility", "F1", LocalizedText.of("Chongwe Rural Health Centre"), Fixtures.CLINIC, Map.of(),
                job.object("facility", "F1").parents(), LocalDate.of(2020, 1, 15), null, TestJob.CREATED, Map.of()));
        String facilityId = job.externalId("facility", "F1");
        int saves = job.saves;
        provider.run(job);
        assertEquals(5, reveal.openSrp().jurisdictionCount(), "updated in place, by id");
        assertEquals("Chongwe Rural Health Centre", stored(job, "facility", "F1").at("/properties/name").asText());
        assertEquals(facilityId, job.externalId("facility", "F1"));
        assertEquals(saves, job.saves, "unchanged ids are not written again");
    }

    @Test
    void configuredLevelsAndBatchSize() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config("batchSize", 1, "levels",
                List.of(Map.of("type", "country", "geographicLevel", 0), Map.of("type", "province", "geographicLevel", 1),
                        Map.of("type", "district", "geographicLevel", 3))));
        provider.run(job);
        assertEquals(4, reveal.openSrp().jurisdictionCount(), "facilities are not configured");
        assertEquals(3, stored(job, "district", "KAF").at("/properties/geographicLevel").asInt());
        assertEquals(4, reveal.requestCount("/rest/location/add"), "batches of one");
    }

    @Test
    void oauthClientCredentialsTokenIsFetchedOnceAndRenewedWhenItStopsWorking() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.oauth(reveal, "OPENSRP"), Fixtures.config());
        job.onExportProgress = reveal::expireTokens; // the token stops working after the first level
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(5, reveal.openSrp().jurisdictionCount());
        assertTrue(reveal.tokensIssued() >= 2 && reveal.tokensIssued() <= 5, "renewed on 401, not per request: "
                + reveal.tokensIssued());
    }

    @Test
    void aRefusedLocationIsReportedAndItsChildrenWait() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        reveal.faults().reject(Locations.newId(TestJob.SYSTEM, "district", "CHO"));
        provider.run(job);
        assertEquals(List.of("NOT_PROCESSED:CHO", "PARENT_NOT_EXPORTED:F1"), job.codes(ObjectError.Severity.ERROR));
        ObjectError refused = job.errors.get(0);
        assertEquals("district", refused.typeCode());
        assertTrue(refused.submitted().contains("\"code\":\"CHO\""), "the location sent is kept with the error");
        assertTrue(refused.response().startsWith("Locations with Ids not processed: "));
        assertEquals(3, reveal.openSrp().jurisdictionCount());
        assertNull(job.externalId("district", "CHO"));
        assertTrue(job.externalId("district", "KAF") != null, "the rest of its batch is stored");
    }

    @Test
    void aBatchOpenSrpCannotReadIsSentAgainOneByOne() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        reveal.faults().unreadable(Locations.newId(TestJob.SYSTEM, "district", "KAF"));
        provider.run(job);
        assertEquals(List.of("UNREADABLE:KAF"), job.codes(ObjectError.Severity.ERROR));
        assertEquals(4, reveal.openSrp().jurisdictionCount(), "Chongwe and its clinic went through");
    }

    @Test
    void aDryRunSendsNothingAndStoresNoId() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        job.dryRun = true;
        provider.run(job);
        assertEquals(List.of(), job.errors, "children of objects the run would create are not errors");
        assertEquals(0, reveal.requestCount("/rest/location/add"));
        assertEquals(0, job.saves);
        assertEquals(5, job.lastProcessed);
    }

    @Test
    void anIncrementalRunSendsOnlyWhatChangedWithItsParentsRecordedIds() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        provider.run(job);
        reveal.resetCounters();
        Instant lastRun = Instant.parse("2026-02-01T00:00:00Z");
        job.put(new GeoObject("facility", "F1", LocalizedText.of("Renamed"), Fixtures.CLINIC, Map.of(),
                job.object("facility", "F1").parents(), LocalDate.of(2020, 1, 15), null, lastRun.plusSeconds(60), Map.of()));
        job.changedSince = lastRun;
        provider.run(job);
        assertEquals(1, reveal.requestCount("/rest/location/add"));
        assertEquals(1, job.lastProcessed);
        JsonNode f1 = stored(job, "facility", "F1");
        assertEquals("Renamed", f1.at("/properties/name").asText());
        assertEquals(job.externalId("district", "CHO"), f1.at("/properties/parentId").asText());
        assertEquals(3, f1.at("/properties/geographicLevel").asInt(), "the depth follows the parent even when alone");
    }

    @Test
    void transientFailuresAreRetriedWithinBounds() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        reveal.faults().failNext("/rest/location/add", 1, Faults.Kind.BAD_GATEWAY_HTML)
                .failNext("/rest/location/add", 1, Faults.Kind.CONNECTION_CLOSED)
                .failNext("/rest/location/add", 1, Faults.Kind.HANG);
        provider.run(job); // 2 s read timeout: the hanging request is sent again
        assertEquals(List.of(), job.errors);
        assertEquals(5, reveal.openSrp().jurisdictionCount());
        assertEquals(4 + 3, reveal.requestCount("/rest/location/add"));
    }

    @Test
    void aServerThatStaysDownEndsTheRunKeepingWhatWasStored() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        job.onExportProgress = () -> reveal.faults().failNext("/rest/location/add", 100, Faults.Kind.UNAVAILABLE_HTML);
        RevealException e = assertThrows(RevealException.class, () -> provider.run(job));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(1, job.externalIds.size(), "the country, stored before the outage, keeps its id");
        assertTrue(e.getMessage().endsWith("(tried 5 times)"), e.getMessage());
        assertTrue(PeerUnavailableException.in(e), "the core ends the job with stage CONNECTION_FAILED");
        assertEquals(1 + 1 + HttpTransport.DEFAULT_RETRIES, reveal.requestCount("/rest/location/add"), "bounded retries");
    }

    @Test
    void wrongCredentialsEndTheRunWithAClearMessage() {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        job.system = org.georegistry.api.sync.Settings.of(Map.of("url", reveal.baseUrl(), "api", "OPENSRP", "auth",
                "BASIC", "username", "admin", "password", "wrong"));
        RevealException e = assertThrows(RevealException.class, () -> provider.run(job));
        assertTrue(e.getMessage().contains("rejected the credentials (HTTP 401)"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "no secret in the message");
    }
}
