package org.georegistry.core.internal.rest;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Jakarta REST servlet whiteboard its configuration ({@code /api}) unless an administrator already did:
 * without one it silently serves nothing. It does so once this bundle's resources and extensions are registered,
 * so Jersey builds the application once at start instead of once per arriving resource (each rebuild costs
 * hundreds of milliseconds); if some never come (a broken database, say), it publishes after a grace period.
 */
@Component(immediate = true)
public final class RestRuntimeSetup {

    static final String WHITEBOARD_PID = "JakartarsServletWhiteboardRuntimeComponent";
    static final String CONTEXT_PATH_PROPERTY = "jersey.context.path";
    public static final String API_PATH = "/api";
    static final long GRACE_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(RestRuntimeSetup.class);

    private final ConfigurationAdmin configAdmin;
    private final AtomicBoolean published = new AtomicBoolean();
    private final ServiceTracker<Object, Object> tracker;
    private final ScheduledExecutorService grace;

    @Activate
    public RestRuntimeSetup(@Reference ConfigurationAdmin configAdmin, @Reference ServiceComponentRuntime scr,
            BundleContext context) throws InvalidSyntaxException {
        this.configAdmin = configAdmin;
        long expected = scr.getComponentDescriptionDTOs(context.getBundle()).stream()
                .filter(d -> isWhiteboardService(d.properties))
                .count();
        String filter = "(&(service.bundleid=" + context.getBundle().getBundleId() + ")"
                + "(|(osgi.jakartars.resource=true)(osgi.jakartars.extension=true)))";
        this.tracker = new ServiceTracker<>(context, context.createFilter(filter), null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                if (size() + 1 >= expected) {
                    publish("all " + expected + " resources and extensions registered");
                }
                return reference;
            }
        };
        this.grace = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "georegistry-rest-setup"));
        grace.schedule(() -> publish("grace period over"), GRACE_SECONDS, TimeUnit.SECONDS);
        tracker.open();
    }

    private static boolean isWhiteboardService(Map<String, Object> properties) {
        return "true".equals(String.valueOf(properties.get("osgi.jakartars.resource")))
                || "true".equals(String.valueOf(properties.get("osgi.jakartars.extension")));
    }

    private void publish(String why) {
        if (!published.compareAndSet(false, true)) {
            return;
        }
        try {
            Configuration config = configAdmin.getConfiguration(WHITEBOARD_PID, "?");
            if (config.getProperties() == null) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(CONTEXT_PATH_PROPERTY, API_PATH);
                config.update(props);
                LOG.debug("REST whiteboard configured at {} ({})", API_PATH, why);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.error("Cannot configure the REST whiteboard: {}", e.toString());
        }
    }

    @Deactivate
    void stop() {
        grace.shutdownNow();
        tracker.close();
    }
}
