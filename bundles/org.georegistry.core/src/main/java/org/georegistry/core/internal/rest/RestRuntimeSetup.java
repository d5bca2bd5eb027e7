package org.georegistry.core.internal.rest;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Jakarta REST servlet whiteboard its configuration ({@code /api}) unless an administrator already
 * did: without one it silently serves nothing.
 */
@Component(immediate = true)
public final class RestRuntimeSetup {

    static final String WHITEBOARD_PID = "JakartarsServletWhiteboardRuntimeComponent";
    static final String CONTEXT_PATH_PROPERTY = "jersey.context.path";
    public static final String API_PATH = "/api";

    private static final Logger LOG = LoggerFactory.getLogger(RestRuntimeSetup.class);

    @Activate
    public RestRuntimeSetup(@Reference ConfigurationAdmin configAdmin) throws IOException {
        Configuration config = configAdmin.getConfiguration(WHITEBOARD_PID, "?");
        if (config.getProperties() == null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CONTEXT_PATH_PROPERTY, API_PATH);
            config.update(props);
            LOG.debug("REST whiteboard configured at {}", API_PATH);
        }
    }
}
