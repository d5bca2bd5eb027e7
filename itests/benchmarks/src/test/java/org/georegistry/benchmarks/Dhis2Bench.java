package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.OrgUnit;

/**
 * The DHIS2 figures through the real server: a full push of the dataset to the emulator ({@code POST
 * /api/sync-configs/{id}/run?full=true}), the emulator's raw intake of the same units posted directly in the same
 * batches, a rerun with nothing changed and one with 1 % of the facilities renamed. Attributes of every value
 * type the provider maps are sent (integer, option set from a term, date, boolean, phone number), and the
 * labels' fr and pt translations.
 */
final class Dhis2Bench implements AutoCloseable {

    private static final int BATCH = 1000;
    private static final String IMPORT_PATH = "/api/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=NONE"
            + "&importReportMode=FULL&identifier=UID";

    private final ServerProcess server;
    private final Api api;
    private final Dataset data;
    private final Path seed;
    private final Dhis2Emulator dhis2;
    private long config;
    /** A second DHIS2 for the push whose live heap is sampled: the timed push has no forced collections. */
    private final Dhis2Emulator heapPeer;
    private long heapConfig;
    /** CPU seconds the last raw intake took in this JVM (client and emulator). */
    private double intakeCpu;

    Dhis2Bench(ServerProcess server, Dataset data, Path seed) {
        this.server = server;
        this.api = server.api();
        this.data = data;
        this.seed = seed;
        this.dhis2 = emulator(seed);
        this.heapPeer = emulator(seed);
    }

    private static Dhis2Emulator emulator(Path seed) {
        return Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").seed(seed));
    }

    /** The two external systems, each with an export configuration of every level, with attribute mappings. */
    void configure() throws Exception {
        config = configure("dhis2", dhis2);
        heapConfig = configure("dhis2-heap", heapPeer);
    }

    private long configure(String system, Dhis2Emulator peer) throws Exception {
        externalSystem(system, peer);
        return syncConfig(system, data, "EXPORT");
    }

    private void externalSystem(String system, Dhis2Emulator peer) throws Exception {
        api.post("/api/external-systems", "{\"id\":\"" + system + "\",\"type\":\"dhis2\",\"organization\":\"moh\","
                + "\"label\":\"" + system + "\",\"settings\":{\"url\":\"" + peer.baseUrl() + "\",\"username\":\"admin\","
                + "\"password\":\"district\"}}");
    }

    /** A configuration of every level of {@code d}'s hierarchy, with the attribute mappings (read backwards on import). */
    private long syncConfig(String system, Dataset d, String direction) throws Exception {
        ObjectNode settings = Api.JSON.createObjectNode().put("hierarchy", d.hierarchy()).put("preferredLocale", "en");
        ArrayNode levels = settings.putArray("levels");
        for (int level = 0; level < Dataset.TYPES.size(); level++) {
            ObjectNode l = levels.addObject().put("type", d.type(level)).put("syncType", "ALL");
            ArrayNode attributes = l.putArray("attributes");
            if (level == Dataset.FACILITY) {
                attributes.addObject().put("source", "beds").put("target", "attribute:AtBeds00001");
                attributes.addObject().put("source", "opened").put("target", "attribute:AtOpened001");
                attributes.addObject().put("source", "electricity").put("target", "attribute:AtPower0001");
                attributes.addObject().put("source", "phone").put("target", "phoneNumber");
                attributes.addObject().put("source", "ownership").put("target", "attribute:AtOwnShip01")
                        .put("type", "OPTION_SET").putObject("terms").put("PUBLIC", "PUB").put("PRIVATE", "PRV")
                        .put("FAITH", "FBO");
            } else {
                attributes.addObject().put("source", "population").put("target", "attribute:AtPopulat01");
            }
        }
        ObjectNode body = Api.JSON.createObjectNode().put("label", direction + " " + system + " " + d.hierarchy())
                .put("externalSystem", system).put("direction", direction).put("hierarchy", d.hierarchy());
        body.set("settings", settings);
        return api.post("/api/sync-configs", Api.JSON.writeValueAsBytes(body)).path("id").asLong();
    }

    /**
     * The full push, timed; the emulator's raw intake of the same units; then the same push to a second DHIS2 with
     * the server's live heap sampled at 0, 25, 50, 75 and 100 % (forced collections would add seconds to the timed
     * push): three rows.
     */
    List<Figure> fullPush() throws Exception {
        warmUp();
        server.fullGc(); // the import's garbage is not the push's heap
        long mark = server.gcMark();
        double cpu = server.cpuSeconds();
        double ownCpu = Machine.processCpuSeconds();
        Map<String, Double> threads = Machine.threadCpuSeconds(server.pid());
        long start = System.nanoTime();
        JsonNode job = Jobs.succeeded(Jobs.run(api, config, "?full=true"));
        double seconds = Bench.seconds(start);
        cpu = server.cpuSeconds() - cpu;
        String busiest = Machine.topThreads(threads, Machine.threadCpuSeconds(server.pid()), 8);
        ownCpu = Machine.processCpuSeconds() - ownCpu;
        checkPushed(dhis2, job);
        checkPayload();
        Figure push = Figure.of("DHIS2 full push to the emulator", data.total(), seconds, server.heapPeakSince(mark))
                .note(String.format(java.util.Locale.ROOT, "CPU: server %.1f s (by thread: %s), the emulator's JVM"
                        + " %.1f s", cpu, busiest, ownCpu));
        if (data.total() == 100_000) {
            push = push.atMost("≤ 60 s", "%.1f s", seconds, 60);
        }
        double raw = rawIntake(dhis2.store().organisationUnits());
        Figure intake = Figure.of("DHIS2 emulator raw intake of the same batches", data.total(), raw, null)
                .atLeast("push ≥ 0.8× intake", "push %.2f×", raw / seconds, 0.8)
                .note(String.format(java.util.Locale.ROOT, "posted straight to a fresh emulator in this JVM; CPU %.1f s",
                        intakeCpu));

        long[] live = {server.fullGc()};
        mark = server.gcMark();
        start = System.nanoTime();
        job = Jobs.succeeded(Jobs.run(api, heapConfig, "?full=true", Jobs.liveHeapSampler(server, data.total(), live)));
        double sampledSeconds = Bench.seconds(start);
        live[0] = Math.max(live[0], server.fullGc());
        checkPushed(heapPeer, job);
        Figure heap = Figure.of("DHIS2 full push to a second emulator, heap sampled", data.total(), sampledSeconds,
                server.heapPeakSince(mark)).heapLive(live[0]).note("live heap: full GCs (jcmd GC.run) at 0/25/50/75/100 %"
                        + " of the push, which add to its time");
        return List.of(push, intake, heap);
    }

    private void checkPushed(Dhis2Emulator peer, JsonNode job) {
        if (peer.store().organisationUnitCount() != data.total() || job.path("processed").asLong() != data.total()) {
            throw new IllegalStateException("DHIS2 holds " + peer.store().organisationUnitCount() + " units, the job "
                    + "processed " + job.path("processed") + ", of " + data.total());
        }
    }

    /** The push carried what the dataset has: a facility's mapped attributes and a region's translations. */
    private void checkPayload() {
        OrgUnit facility = unit(data.code(Dataset.FACILITY, 0));
        OrgUnit region = unit(data.code(1, 0));
        if (facility.attributeValue("AtOwnShip01") == null || facility.attributeValue("AtBeds00001") == null
                || region.attributeValue("AtPopulat01") == null || region.translations().size() < 2) {
            throw new IllegalStateException("DHIS2 got less than the dataset holds: " + facility + " / " + region);
        }
    }

    private OrgUnit unit(String code) {
        return dhis2.store().organisationUnits().stream().filter(u -> code.equals(u.code())).findFirst().orElseThrow();
    }

    /** The incremental run right after the full one: nothing to send. */
    Figure rerun(String name) throws Exception {
        long mark = server.gcMark();
        long start = System.nanoTime();
        JsonNode job = Jobs.succeeded(Jobs.run(api, config, ""));
        double seconds = Bench.seconds(start);
        return Figure.of(name, data.total(), seconds, server.heapPeakSince(mark)).rate(null)
                .note("processed " + job.path("processed").asLong()).with("processed", job.path("processed").asLong());
    }

    /**
     * DHIS2 to the registry: everything the push left in the emulator imported into a second, empty set of types
     * and hierarchy ({@code i}-prefixed codes), level by level, parents by uid, attributes mapped back.
     */
    Figure importAll() throws Exception {
        Dataset target = new Dataset("i", data.total());
        target.define(api);
        // a second external system on the same DHIS2: its uids are the import's own ids, not those of the push
        externalSystem("dhis2-in", dhis2);
        long imports = syncConfig("dhis2-in", target, "IMPORT");
        Figure figure = Jobs.timedImport(server, imports, data, target, "DHIS2 import of every unit into empty types",
                "from the emulator the push filled, pages of 1,000 a level");
        JsonNode facility = api.get("/api/geo-objects/" + target.type(Dataset.FACILITY) + "/"
                + data.code(Dataset.FACILITY, 0));
        if (facility.path("attributes").path("beds").isMissingNode()) {
            throw new IllegalStateException("The DHIS2 import lost the facilities' beds: " + facility);
        }
        return figure;
    }

    /** The DHIS2 emulator runs in this JVM: its import path is compiled before anything is timed. */
    private void warmUp() throws Exception {
        List<OrgUnit> units = new ArrayList<>();
        JsonNode ring = data.polygon(3, 0);
        for (int i = 0; i < 5000; i++) {
            String id = String.format("W%010d", i);
            units.add(new OrgUnit(id, "W" + i, "Warm-up " + i, "Warm-up " + i, null, "2020-01-01T00:00:00.000", null,
                    i == 0 ? null : "W0000000000", null, i == 0 ? 1 : 2, ring, null, null, List.of(), List.of(),
                    Api.JSON.createObjectNode(), null, null));
        }
        rawIntake(units);
    }

    /**
     * The units as the emulator stored them (fields, translations, attribute values, geometry), level by level in
     * batches of {@value #BATCH}, posted straight to a fresh emulator: what DHIS2 itself needs, the floor.
     */
    private double rawIntake(List<OrgUnit> units) throws Exception {
        List<OrgUnit> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingInt(OrgUnit::level));
        List<byte[]> batches = new ArrayList<>();
        ArrayNode batch = Api.JSON.createArrayNode();
        int level = sorted.isEmpty() ? 0 : sorted.get(0).level();
        for (OrgUnit unit : sorted) {
            if (batch.size() == BATCH || unit.level() != level) {
                batches.add(body(batch));
                batch = Api.JSON.createArrayNode();
                level = unit.level();
            }
            batch.add(json(unit));
        }
        batches.add(body(batch));
        try (Dhis2Emulator fresh = emulator(seed)) {
            Api peer = new Api(fresh.baseUrl(), "admin", "district");
            intakeCpu = Machine.processCpuSeconds();
            long start = System.nanoTime();
            for (byte[] body : batches) {
                int status = peer.postStatus(IMPORT_PATH, body);
                if (status != 200) {
                    throw new IllegalStateException("Raw intake answered " + status);
                }
            }
            double seconds = Bench.seconds(start);
            intakeCpu = Machine.processCpuSeconds() - intakeCpu;
            if (fresh.store().organisationUnitCount() != units.size()) {
                throw new IllegalStateException("Raw intake stored " + fresh.store().organisationUnitCount());
            }
            return seconds;
        }
    }

    private static ObjectNode json(OrgUnit unit) {
        ObjectNode node = Api.JSON.createObjectNode().put("id", unit.id()).put("name", unit.name())
                .put("shortName", unit.shortName()).put("code", unit.code()).put("openingDate", unit.openingDate());
        if (unit.description() != null) {
            node.put("description", unit.description());
        }
        if (unit.contact() instanceof ObjectNode contact) {
            node.setAll(contact);
        }
        if (unit.parentId() != null) {
            node.putObject("parent").put("id", unit.parentId());
        }
        node.set("geometry", unit.geometry());
        ArrayNode translations = node.putArray("translations");
        unit.translations().forEach(t -> translations.addObject().put("property", t.property())
                .put("locale", t.locale()).put("value", t.value()));
        ArrayNode values = node.putArray("attributeValues");
        unit.attributeValues().forEach(v -> values.addObject().put("value", v.value()).putObject("attribute")
                .put("id", v.attributeId()));
        return node;
    }

    private static byte[] body(ArrayNode units) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode();
        body.set("organisationUnits", units);
        return Api.JSON.writeValueAsBytes(body);
    }

    @Override
    public void close() {
        dhis2.close();
        heapPeer.close();
    }
}
