package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * FHIR R4 servers: exports a hierarchy as IHE mCSD Organization and Location pairs in transaction Bundles, offers
 * the Bundles as a download ("Generate Bundle"), and imports Locations through FHIR import transformations.
 */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + FhirSyncProvider.TYPE)
public final class FhirSyncProvider implements SyncProvider {

    static final String TYPE = "fhir";

    private final ObjectMapper mapper = new ObjectMapper();
    /** One client for every call: it pools connections and is thread-safe. */
    private final HttpClient http;
    private final OAuthTokens tokens;
    private final Duration readTimeout;

    @Activate
    public FhirSyncProvider() {
        this(FhirClient.newHttpClient(), FhirClient.READ_TIMEOUT);
    }

    FhirSyncProvider(HttpClient http, Duration readTimeout) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.tokens = new OAuthTokens(http, mapper, Clock.systemUTC());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "FHIR R4 (mCSD)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT, Capability.PREVIEW);
    }

    @Override
    public List<SettingDescriptor> systemSettings() {
        return SystemSettings.descriptors();
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return ConfigSettings.descriptors();
    }

    @Override
    public List<SettingProblem> validateSystemSettings(Settings settings) {
        return SystemSettings.validate(settings);
    }

    @Override
    public List<SettingProblem> validateConfigSettings(Settings systemSettings, Settings configSettings) {
        return ConfigSettings.read(configSettings, mapper).problems();
    }

    @Override
    public ConnectionTestResult testConnection(Settings systemSettings) {
        List<SettingProblem> problems = validateSystemSettings(systemSettings);
        if (!problems.isEmpty()) {
            return ConnectionTestResult.failed(problems.get(0).field() + ": " + problems.get(0).message());
        }
        FhirClient client = client(systemSettings);
        try {
            return Capabilities.read(client.getJson("metadata")).result(client.base());
        } catch (FhirException e) {
            return ConnectionTestResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ConnectionTestResult.failed("The connection test failed unexpectedly: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void run(SyncJob job) throws Exception {
        ConfigSettings config = checked(job.systemSettings(), job.configSettings());
        if (job.direction() != Capability.EXPORT) {
            throw new UnsupportedOperationException("The FHIR provider cannot run " + job.direction() + " jobs");
        }
        FhirClient client = client(job.systemSettings());
        String system = job.systemSettings().text(SystemSettings.SYSTEM, "");
        if (!job.dryRun()) {
            job.progress("CONNECTING", 0, -1);
            Capabilities capabilities = Capabilities.read(client.getJson("metadata"));
            if (!capabilities.r4()) {
                throw new IllegalStateException("The FHIR server speaks FHIR " + capabilities.fhirVersion() + " ("
                        + capabilities.release() + "); this provider supports R4 only");
            }
        }
        new FhirExport(client, job, config, system).run();
    }

    @Override
    public Optional<Artifact> artifact(String name, ArtifactRequest request) {
        if (!BundleArtifact.NAME.equals(name) || request.configSettings().isEmpty()) {
            return Optional.empty();
        }
        ConfigSettings config = checked(request.systemSettings(), request.configSettings().get());
        String system = request.systemSettings().text(SystemSettings.SYSTEM, "");
        String base = FhirClient.baseUrl(request.systemSettings().text(SystemSettings.URL, ""));
        return Optional.of(BundleArtifact.of(request.registry(), McsdMapper.forToday(mapper, system, base, config),
                mapper, config, system, request.parameters()));
    }

    /** The configuration, or an IllegalArgumentException naming the first bad setting. */
    private ConfigSettings checked(Settings systemSettings, Settings configSettings) {
        List<SettingProblem> problems = validateSystemSettings(systemSettings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("FHIR system settings: " + problems.get(0).field() + ": "
                    + problems.get(0).message());
        }
        ConfigSettings.Read read = ConfigSettings.read(configSettings, mapper);
        if (read.config() == null) {
            throw new IllegalArgumentException("Configuration: " + read.problems().get(0).field() + ": "
                    + read.problems().get(0).message());
        }
        return read.config();
    }

    private FhirClient client(Settings systemSettings) {
        return new FhirClient(http, mapper, tokens, systemSettings, readTimeout);
    }
}
