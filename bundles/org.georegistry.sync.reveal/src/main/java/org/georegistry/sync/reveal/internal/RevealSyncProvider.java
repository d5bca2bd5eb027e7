package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Pushes a hierarchy to Reveal (OpenSRP or the Reveal server) and serves its Reveal-shaped GeoJSON. */
@Component(property = SyncProvider.TYPE_PROPERTY + "=" + RevealSyncProvider.TYPE)
public final class RevealSyncProvider implements SyncProvider {

    static final String TYPE = "reveal";
    /** A cheap authenticated read of each API: nothing is newer than the largest server version; one level. */
    static final String OPENSRP_PROBE = "/rest/location/sync?is_jurisdiction=true&serverVersion=" + Long.MAX_VALUE;
    static final String REVEAL_PROBE = RevealServerExport.LEVELS + "?size=1";

    private final ObjectMapper mapper = new ObjectMapper();
    /** One HTTP client per connect timeout (a client-wide setting): they pool connections and are thread-safe. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration firstRetryDelay;

    @Activate
    public RevealSyncProvider() {
        this(HttpTransport.DEFAULT_FIRST_DELAY);
    }

    /** With a shorter wait before the first retry, for tests. */
    RevealSyncProvider(Duration firstRetryDelay) {
        this.firstRetryDelay = firstRetryDelay;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "Reveal";
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
        return ExportConfig.descriptors();
    }

    @Override
    public List<SettingProblem> validateSystemSettings(Settings settings) {
        return SystemSettings.read(settings).problems();
    }

    @Override
    public List<SettingProblem> validateConfigSettings(Settings systemSettings, Settings configSettings) {
        return ExportConfig.read(configSettings, flavour(systemSettings), mapper, false).problems();
    }

    @Override
    public ConnectionTestResult testConnection(Settings systemSettings) {
        SystemSettings.Read read = SystemSettings.read(systemSettings);
        if (read.settings() == null) {
            return ConnectionTestResult.failed(read.problems().get(0).field() + ": " + read.problems().get(0).message());
        }
        SystemSettings s = read.settings();
        RevealClient client = client(s, s.transport().interactive());
        List<String> messages = new ArrayList<>();
        try {
            if (s.auth() == SystemSettings.Auth.OAUTH2) {
                client.fetchToken();
                messages.add("The token endpoint issued a token for client " + s.clientId()
                        + (s.username() == null ? "" : " and user " + s.username()));
            }
            JsonNode answer = client.getJson(s.flavour() == Flavour.OPENSRP ? OPENSRP_PROBE : REVEAL_PROBE);
            boolean shaped = s.flavour() == Flavour.OPENSRP ? answer.isArray() : answer.path("content").isArray();
            if (!shaped) {
                return ConnectionTestResult.failed(s.url() + " answered JSON that is not " + s.flavour().label()
                        + "'s: check the URL and the API setting");
            }
            messages.add("Connected to " + client.server() + "; the credentials may read locations");
            return new ConnectionTestResult(true, null, true, messages);
        } catch (RevealException e) {
            messages.add(e.getMessage());
            return new ConnectionTestResult(false, null, false, messages);
        } catch (RuntimeException e) {
            return ConnectionTestResult.failed("The connection test failed unexpectedly: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void run(SyncJob job) throws Exception {
        SystemSettings.Read system = SystemSettings.read(job.systemSettings());
        if (system.settings() == null) {
            throw new IllegalArgumentException("Reveal settings: " + system.problems().get(0).field() + ": "
                    + system.problems().get(0).message());
        }
        ExportConfig config = config(job.configSettings(), system.settings().flavour());
        Locations locations = new Locations(mapper, config.locale(), LocalDate.now(ZoneOffset.UTC));
        RevealClient client = client(system.settings());
        job.progress("CONNECTING", 0, -1);
        if (system.settings().flavour() == Flavour.OPENSRP) {
            new OpenSrpExport(client, job, config, locations).run();
        } else {
            new RevealServerExport(client, mapper, job, config, locations).run();
        }
    }

    @Override
    public Optional<Artifact> artifact(String name, ArtifactRequest request) {
        if (!GeoJsonExport.NAME.equals(name) || request.configSettings().isEmpty()) {
            return Optional.empty();
        }
        Flavour flavour = flavour(request.systemSettings());
        ExportConfig config = config(request.configSettings().get(), flavour);
        if (request.registry().typesParentFirst(config.hierarchy()).isEmpty()) {
            throw new IllegalArgumentException("hierarchy: " + config.hierarchy() + " does not exist or has no types");
        }
        GeoJsonExport.Query query = GeoJsonExport.Query.of(request.parameters());
        return Optional.of(new GeoJsonExport(mapper, request.registry(), config, flavour, request.externalSystemId(), query));
    }

    private ExportConfig config(Settings settings, Flavour flavour) {
        ExportConfig.Read read = ExportConfig.read(settings, flavour, mapper);
        if (read.config() == null) {
            throw new IllegalArgumentException("Configuration: " + read.problems().get(0).field() + ": "
                    + read.problems().get(0).message());
        }
        return read.config();
    }

    /** The system's flavour, or null when its settings do not say. */
    private static Flavour flavour(Settings systemSettings) {
        SystemSettings.Read read = SystemSettings.read(systemSettings);
        return read.settings() == null ? null : read.settings().flavour();
    }

    private RevealClient client(SystemSettings settings) {
        return client(settings, settings.transport().withFirstDelay(firstRetryDelay));
    }

    private RevealClient client(SystemSettings settings, HttpTransport transport) {
        HttpClient http = clients.computeIfAbsent(transport.connectTimeout(), t -> transport.newClient());
        return new RevealClient(http, mapper, settings, transport);
    }
}
