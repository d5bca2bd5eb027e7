package org.georegistry.core.internal.jobs;

import com.cronutils.model.time.ExecutionTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.CronExpressions;
import org.georegistry.core.internal.store.SyncStorage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs configurations that have a cron expression. Every tick it runs each configuration whose next execution
 * after the previous tick has come; a configuration still busy from its last run is skipped, not queued twice.
 */
@Component(immediate = true, configurationPid = CronScheduler.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CronScheduler.Config.class)
public final class CronScheduler {

    public static final String PID = "org.georegistry.scheduler";
    static final String USER = "scheduler";

    @ObjectClassDefinition(name = "GeoRegistry sync scheduler")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between checks of the configurations' cron expressions")
        int tickSeconds() default 30;

        @AttributeDefinition(description = "Time zone the cron expressions are read in")
        String zone() default "UTC";
    }

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final SyncStorage sync;
    private final JobEngine engine;
    private final ZoneId zone;
    private final ScheduledExecutorService timer;
    private ZonedDateTime lastTick;

    @Activate
    public CronScheduler(@Reference SyncStorage sync, @Reference JobEngine engine, Config config) {
        this.sync = sync;
        this.engine = engine;
        this.zone = ZoneId.of(config.zone());
        this.lastTick = ZonedDateTime.now(zone);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "georegistry-scheduler");
            t.setDaemon(true);
            return t;
        });
        int tick = Math.max(1, config.tickSeconds());
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.SECONDS);
    }

    /** One check: runs what became due between the last tick and now. */
    synchronized void tick() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        try {
            for (SyncConfig config : sync.syncConfigs().scheduled()) {
                if (due(config.cron(), lastTick, now)) {
                    start(config);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled configurations could not be checked: {}", e.toString());
        }
        lastTick = now;
    }

    /** Whether an execution of the expression falls in (after, until]. */
    static boolean due(String cron, ZonedDateTime after, ZonedDateTime until) {
        try {
            Optional<ZonedDateTime> next = ExecutionTime.forCron(CronExpressions.parse(cron)).nextExecution(after);
            return next.isPresent() && !next.get().isAfter(until);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void start(SyncConfig config) {
        if (engine.busy(config.id())) {
            LOG.info("Scheduled run of configuration {} skipped: its previous job still runs", config.id());
            return;
        }
        try {
            engine.submit(config, USER, false, false);
        } catch (ApiException e) {
            LOG.warn("Scheduled run of configuration {} refused: {}", config.id(), e.getMessage());
        }
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
