package org.georegistry.core.internal.providers;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.georegistry.api.sync.SyncProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** A real {@link ProviderRegistry} fed without a framework: the service references are JDK proxies. */
public final class TestProviders {

    private static long nextId = 1;

    private TestProviders() {}

    /** Registers a provider as a service of a test bundle would; answers the reference to remove it again. */
    public static ServiceReference<SyncProvider> add(ProviderRegistry registry, SyncProvider provider) {
        ServiceReference<SyncProvider> ref = reference(Map.of(Constants.SERVICE_ID, nextId++,
                SyncProvider.TYPE_PROPERTY, provider.type()));
        registry.addProvider(provider, ref);
        return ref;
    }

    public static void remove(ProviderRegistry registry, ServiceReference<SyncProvider> ref) {
        registry.removeProvider(ref);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<SyncProvider> reference(Map<String, Object> properties) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(TestProviders.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.provider";
                    case "getVersion" -> new Version(1, 0, 0);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ServiceReference<SyncProvider>) Proxy.newProxyInstance(TestProviders.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
