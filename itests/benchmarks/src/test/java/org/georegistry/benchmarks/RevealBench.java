package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import org.georegistry.itests.reveal.RevealEmulator;

/** A full push of the dataset to the OpenSRP API of the Reveal emulator (HTTP Basic, batches of 500). */
final class RevealBench {

    private RevealBench() {}

    static Figure push(ServerProcess server, Dataset data) throws Exception {
        Api api = server.api();
        try (RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config().user("admin", "district"))) {
            api.post("/api/external-systems", "{\"id\":\"opensrp\",\"type\":\"reveal\",\"organization\":\"moh\","
                    + "\"label\":\"OpenSRP\",\"settings\":{\"url\":\"" + reveal.baseUrl() + "\",\"api\":\"OPENSRP\","
                    + "\"auth\":\"BASIC\",\"username\":\"admin\",\"password\":\"district\"}}");
            long config = api.post("/api/sync-configs", "{\"label\":\"To OpenSRP\",\"externalSystem\":\"opensrp\","
                    + "\"direction\":\"EXPORT\",\"hierarchy\":\"" + data.hierarchy() + "\",\"settings\":{}}")
                    .path("id").asLong();
            long mark = server.gcMark();
            long start = System.nanoTime();
            JsonNode job = Jobs.succeeded(Jobs.run(api, config, "?full=true"));
            double seconds = Bench.seconds(start);
            int stored = reveal.openSrp().jurisdictionCount() + reveal.openSrp().structureCount();
            if (job.path("processed").asLong() != data.total() || stored != data.total()) {
                throw new IllegalStateException("The Reveal push processed " + job.path("processed") + " and OpenSRP holds "
                        + stored + " of " + data.total());
            }
            return Figure.of("Reveal push to the OpenSRP emulator", data.total(), seconds, server.heapPeakSince(mark))
                    .note("OpenSRP API, batches of 500, emulator in the benchmark's JVM");
        }
    }
}
