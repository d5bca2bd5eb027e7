package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The emulator must keep up with a benchmark that pushes 100,000 units. This pushes a smaller country
 * (-Demulator.units=N for more) in batches of 1,000 from 4 threads, then reads back by code and by page.
 */
class ThroughputTest extends EmulatorTest {
    private static final int BATCH = 1000;

    @Test
    void pushesAndReadsTensOfThousandsOfUnits() throws InterruptedException, ExecutionException {
        int total = Integer.getInteger("emulator.units", 20_000);
        int districts = 100;
        api.postMetadata("", TestApi.units(TestApi.unit(uid(0), "Country", null).put("code", "C0")));
        ObjectNode districtPayload = TestApi.units();
        ArrayNode districtArray = (ArrayNode) districtPayload.get("organisationUnits");
        for (int d = 1; d <= districts; d++) {
            districtArray.add(TestApi.unit(uid(d), "District " + d, uid(0)).put("code", "C" + d));
        }
        assertEquals(200, api.postMetadata("", districtPayload).statusCode());

        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        for (int first = districts + 1; first < total; first += BATCH) {
            ObjectNode payload = TestApi.units();
            ArrayNode array = (ArrayNode) payload.get("organisationUnits");
            for (int i = first; i < Math.min(total, first + BATCH); i++) {
                array.add(TestApi.unit(uid(i), "Facility " + i, uid(1 + i % districts)).put("code", "C" + i));
            }
            posts.add(pool.submit(() -> api.postMetadata("", payload)));
        }
        for (Future<HttpResponse<String>> post : posts) {
            assertEquals(200, post.get().statusCode());
        }
        pool.shutdown();
        long pushMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(total, dhis2.store().organisationUnitCount());
        assertEquals(3, dhis2.store().organisationUnitByCode("C" + (total - 1)).orElseThrow().level());

        start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            JsonNode found = api.getJson("/api/organisationUnits?filter=code:in:[C" + (total - 1 - i) + ",C5]"
                    + "&fields=id,code,path");
            assertEquals(2, found.get("organisationUnits").size());
        }
        long lookupMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        JsonNode lastPage = api.getJson("/api/organisationUnits?pageSize=1000&page=" + (total / 1000)
                + "&fields=id,parent[id],level");
        long pageMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(total, lastPage.at("/pager/total").asInt());
        System.out.printf("%d units pushed in %d ms (%.0f units/s); 200 code lookups in %d ms; page of 1000 in %d ms%n",
                total, pushMillis, total * 1000.0 / Math.max(1, pushMillis), lookupMillis, pageMillis);
        assertTrue(pushMillis < 60_000, "push took " + pushMillis + " ms");
    }

    /** Distinct valid uids derived from a number. */
    private static String uid(int n) {
        return String.format("U%010d", n);
    }
}
