package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * FHIR R4 servers: exports a hierarchy as IHE mCSD Organization and Location pairs in transaction Bundles, offers
 * the Bundles as a download ("Generate Bundle"), and imports Locations through FHIR import transformations.
 */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + FhirSyncProvider.TYPE)
public final class FhirSyncProvider implements SyncProvider {

    static final String TYPE = "fhir";

    private final ObjectMapper mapper = new ObjectMapper();
    /** One HTTP client per connect timeout (a client-wide setting): they pool connections and are thread-safe. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final OAuthTokens tokens = new OAuthTokens(mapper, Clock.systemUTC());
    private final Duration firstRetryDelay;
    private final Transformations transformations = new Transformations();

    @Activate
    public FhirSyncProvider() {
        this(HttpTransport.DEFAULT_FIRST_DELAY);
    }

    /** With a shorter wait before the first retry, for tests. */
    FhirSyncProvider(Duration firstRetryDelay) {
        this.firstRetryDelay = firstRetryDelay;
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
        return EnumSet.of(Capability.EXPORT, Capability.IMPORT, Capability.PREVIEW);
    }

    @Reference(
            service = FhirImportTransformation.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeTransformation")
    void addTransformation(FhirImportTransformation transformation, ServiceReference<FhirImportTransformation> ref) {
        Object id = ref.getProperty(FhirImportTransformation.ID_PROPERTY);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        if (id != null) {
            addTransformation(new Transformations.Installed(id.toString(), transformation,
                    ref.getBundle().getSymbolicName(), ref.getBundle().getVersion().toString(),
                    ranking instanceof Integer r ? r : 0, (Long) ref.getProperty(Constants.SERVICE_ID)));
        }
    }

    void addTransformation(Transformations.Installed installed) {
        transformations.add(installed);
    }

    void removeTransformation(ServiceReference<FhirImportTransformation> ref) {
        transformations.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    /** The installed transformations, for the {@code transformation} setting of import configurations. */
    @Override
    public Map<String, Object> options(Settings systemSettings, Settings configSettings) {
        return Map.of(ConfigSettings.TRANSFORMATION, transformations.list().stream()
                .map(Transformations.Installed::describe).toList());
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
        FhirClient client = client(systemSettings, HttpTransport.of(systemSettings).interactive());
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
        Transformations.Installed transformation = null;
        if (job.direction() == Capability.IMPORT) {
            // before connecting: a missing transformation is the administrator's to fix, whatever the server says
            transformation = transformation(config);
        }
        FhirClient client = client(job.systemSettings());
        String system = job.systemSettings().text(SystemSettings.SYSTEM, "");
        if (!job.dryRun() || transformation != null) {
            job.progress("CONNECTING", 0, -1);
            Capabilities capabilities = Capabilities.read(client.getJson("metadata"));
            if (!capabilities.r4()) {
                throw new IllegalStateException("The FHIR server speaks FHIR " + capabilities.fhirVersion() + " ("
                        + capabilities.release() + "); this provider supports R4 only");
            }
        }
        if (transformation != null) {
            new FhirImport(client, job, config, transformation, Duration.ofSeconds(config.transformationTimeout()))
                    .run();
        } else {
            new FhirExport(client, job, config, system).run();
        }
    }

    private Transformations.Installed transformation(ConfigSettings config) {
        if (config.transformation() == null) {
            throw new IllegalArgumentException("Configuration: transformation: an import needs a FHIR import"
                    + " transformation; installed: " + transformations.ids());
        }
        return transformations.find(config.transformation()).orElseThrow(() -> new IllegalStateException(
                "The FHIR import transformation '" + config.transformation() + "' is not installed, so this import"
                        + " cannot run; installed: " + transformations.ids() + ". Deploy its bundle and run again."));
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
        return client(systemSettings, HttpTransport.of(systemSettings).withFirstDelay(firstRetryDelay));
    }

    private FhirClient client(Settings systemSettings, HttpTransport transport) {
        HttpClient http = clients.computeIfAbsent(transport.connectTimeout(), t -> transport.newClient());
        return new FhirClient(http, mapper, tokens, systemSettings, transport);
    }
}
