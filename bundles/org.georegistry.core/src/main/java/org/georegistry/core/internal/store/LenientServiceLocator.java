package org.georegistry.core.internal.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import liquibase.servicelocator.ServiceLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liquibase's services, skipping those whose optional library is not installed. Liquibase lists services such as
 * {@code LoadDataChange} that need opencsv, which the distribution does not ship. On Java 17 the JDK reports such a
 * service from {@code next()}, where Liquibase's own locator catches it; newer JDKs (seen on 25) throw the
 * {@code NoClassDefFoundError} from {@code hasNext()}, outside that catch, and the whole migration failed. The
 * {@link ServiceLoader} contract lets iteration go on after an error, to the next provider.
 */
final class LenientServiceLocator implements ServiceLocator {

    private static final Logger LOG = LoggerFactory.getLogger(LenientServiceLocator.class);
    private final ClassLoader loader;

    /** @param loader sees Liquibase's {@code META-INF/services} and classes (in OSGi, the Liquibase bundle's) */
    LenientServiceLocator(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public <T> List<T> findInstances(Class<T> type) {
        List<T> found = new ArrayList<>();
        Iterator<T> services = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!services.hasNext()) {
                    return found;
                }
                found.add(services.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.debug("Liquibase {} skipped: {}", type.getSimpleName(), e.toString());
            }
        }
    }
}
