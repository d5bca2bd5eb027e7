package org.georegistry.core.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.UserStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization} headers (Basic or Bearer API token) and creates the first administrator. Successful
 * checks are cached for a short while, keyed by a SHA-256 of the header so no secret is kept in memory as is:
 * bcrypt is slow on purpose and would otherwise cap the API at a few dozen requests per second.
 */
@Component(service = Authenticator.class, configurationPid = Authenticator.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Authenticator.Config.class)
public final class Authenticator {

    public static final String PID = "org.georegistry.auth";
    public static final String ADMIN_PASSWORD_VARIABLE = "GEOREGISTRY_ADMIN_PASSWORD";
    public static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    static final long CACHE_MILLIS = 30_000;

    @ObjectClassDefinition(name = "GeoRegistry authentication")
    public @interface Config {
        @AttributeDefinition(description = "Password of the 'admin' user created at first start (when no user"
                + " exists); GEOREGISTRY_ADMIN_PASSWORD takes precedence", type = AttributeType.PASSWORD, required = false)
        String adminPassword() default "";

        @AttributeDefinition(description = "Failed logins of one user from one address before further attempts"
                + " are answered 429 (0 disables the limit)")
        int loginMaxFailures() default 10;

        @AttributeDefinition(description = "Seconds the failures are counted over, and that a blocked user waits")
        int loginWindowSeconds() default 300;
    }

    /** The outcome of checking a request's credentials. */
    public sealed interface Outcome {
        record Authenticated(User user) implements Outcome {}

        record Refused() implements Outcome {}

        /** Too many failures: the client waits this many seconds. */
        record Throttled(long retryAfterSeconds) implements Outcome {}
    }

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private record Cached(User user, long expires) {}

    private final UserStore users;
    private final LoginThrottle throttle;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<User>>> checking = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final LongAdder checks = new LongAdder();

    @Activate
    public Authenticator(@Reference Storage storage, BundleContext context, Config config) throws IOException {
        this(storage.users(), new LoginThrottle(config.loginMaxFailures(), config.loginWindowSeconds() * 1000L,
                System::currentTimeMillis));
        bootstrapAdmin(System.getenv(ADMIN_PASSWORD_VARIABLE), config.adminPassword(), Storage.dataDirectory(context));
    }

    public Authenticator(UserStore users) {
        this(users, LoginThrottle.none());
    }

    public Authenticator(UserStore users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    /**
     * Creates {@code admin} (SRA) when there is no user: with the first non-blank of the given passwords, else a
     * random one written once to {@code data/initial-admin-password} (mode 600) and printed to the log once.
     */
    public void bootstrapAdmin(String fromEnvironment, String fromConfig, Path dataDirectory) throws IOException {
        if (users.count() > 0) {
            return;
        }
        String password = fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment
                : fromConfig != null && !fromConfig.isBlank() ? fromConfig : null;
        if (password != null) {
            users.create("admin", Passwords.hash(password), null, EnumSet.of(Role.SRA));
            LOG.info("Created the first administrator 'admin' with the configured password");
            return;
        }
        password = Passwords.randomSecret(18);
        Path file = dataDirectory.resolve(INITIAL_PASSWORD_FILE);
        Files.createDirectories(dataDirectory);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists but no user does: remove it to create a new administrator", e);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        users.create("admin", Passwords.hash(password), null, EnumSet.of(Role.SRA));
        // Printed once, by design (the issue asks for it): this is the only moment the password exists in clear.
        LOG.warn("Created the first administrator 'admin' with password {} (also in {}); change it", password, file);
    }

    /**
     * Checks a request's credentials with the login limit: failures count per user (or per token scheme) and
     * client address, and a throttled client is refused before its password is even checked.
     */
    public Outcome authenticate(String header, String clientAddress) {
        if (header == null || header.isBlank()) {
            return new Outcome.Refused();
        }
        String key = Passwords.sha256(throttleKey(header.trim()) + "|" + clientAddress); // bounded size
        long wait = throttle.blockedFor(key);
        if (wait > 0) {
            return new Outcome.Throttled((wait + 999) / 1000);
        }
        Optional<User> user = authenticate(header);
        if (user.isEmpty()) {
            throttle.failed(key);
            return new Outcome.Refused();
        }
        throttle.succeeded(key);
        return new Outcome.Authenticated(user.get());
    }

    /** The user name of Basic credentials, else the scheme: what failures are counted against. */
    private static String throttleKey(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (space > 0 && scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return "user:" + (colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException e) {
                return "basic";
            }
        }
        return scheme.length() > 20 ? "other" : scheme.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The user an Authorization header authenticates, if any. One check per header at a time: requests carrying the
     * same header while it is checked wait for that check. When the cached check of a busy client expired, each of its
     * requests in flight ran bcrypt at once: ConcurrencyIT's 50 clients stalled the server for 2 s every 30 s.
     */
    public Optional<User> authenticate(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String key = Passwords.sha256(header);
        Cached hit = cache.get(key);
        if (hit != null && hit.expires > System.currentTimeMillis()) {
            return Optional.of(hit.user);
        }
        CompletableFuture<Optional<User>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<User>> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            long before = generation.get();
            Optional<User> user = check(header.trim());
            // a check that raced with forget() (a user or token changed meanwhile) is answered but not kept
            if (user.isPresent() && generation.get() == before) {
                if (cache.size() > 10_000) {
                    cache.clear(); // bounded: a flood of distinct credentials only costs their bcrypt checks
                }
                cache.put(key, new Cached(user.get(), System.currentTimeMillis() + CACHE_MILLIS));
            }
            mine.complete(user);
            return user;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    /** How many credentials were checked against the store (the cache and waiting on a running check spare them). */
    long checks() {
        return checks.sum();
    }

    private Optional<User> check(String header) {
        checks.increment();
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return users.byTokenHash(Passwords.sha256(value));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String password = decoded.substring(colon + 1);
        return users.credentials(decoded.substring(0, colon))
                .filter(c -> Passwords.matches(password, c.passwordHash()))
                .map(UserStore.Credentials::user);
    }

    /** Forgets cached checks; called on every change of a user, their password or their tokens. */
    public void forget() {
        generation.incrementAndGet();
        cache.clear();
    }
}
