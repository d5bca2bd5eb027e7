package org.georegistry.sync.fhir.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Settings;
import org.georegistry.testkit.InMemoryJob;

/**
 * A job over an in-memory registry of one hierarchy, recording what the provider reports. Import jobs hand each
 * change to {@link #importer}, which accepts it as it is (without storing the object) unless a test plays the
 * core's checks there.
 */
final class TestJob extends InMemoryJob<TestJob> {

    static final String SYSTEM_ID = "fhir-test";

    TestJob(Settings system, Settings config, String... types) {
        super(SYSTEM_ID, system, config, types);
        importer = TestJob::accept;
    }

    /** The request a "Generate Bundle" download would make for this job's settings. */
    ArtifactRequest artifactRequest(Map<String, List<String>> parameters) {
        TestJob job = this;
        return new ArtifactRequest() {
            @Override public String externalSystemId() { return SYSTEM_ID; }
            @Override public Settings systemSettings() { return job.system; }
            @Override public Optional<Settings> configSettings() { return Optional.of(job.config); }
            @Override public RegistryView registry() { return job; }
            @Override public Map<String, List<String>> parameters() { return parameters; }
            @Override public String publicUrl() { return "http://registry.test"; }
        };
    }

    private static GeoObject accept(GeoObjectChange change) {
        return new GeoObject(change.typeCode(), change.code(), change.label(), change.geometry(), change.attributes(),
                List.of(), change.validFrom(), change.validTo(), Instant.now(), Map.of());
    }
}
