package org.georegistry.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.auth.Authenticator;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.importer.Importer;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users, tokens and the import upload limit, through the resources over H2. */
final class UsersAndImportsResourceTest {

    private Storage storage;
    private Authenticator authenticator;
    private UsersResource users;

    @BeforeEach
    void setUp() {
        storage = new Storage(TestDatabases.h2());
        authenticator = new Authenticator(storage.users());
        users = new UsersResource(storage, authenticator);
        storage.organizations().create(new Organization("a", LocalizedText.of("A")));
        storage.organizations().create(new Organization("b", LocalizedText.of("B")));
    }

    @AfterEach
    void tearDown() {
        storage.database().close();
    }

    private static SecurityContext as(User user) {
        return new SecurityContext() {
            public Principal getUserPrincipal() { return new Caller(user); }
            public boolean isUserInRole(String r) { return false; }
            public boolean isSecure() { return false; }
            public String getAuthenticationScheme() { return BASIC_AUTH; }
        };
    }

    private User created(SecurityContext by, String name, String org, Role role) {
        return (User) users.create(by, new UsersResource.UserInput(name, "password-" + name, org, Set.of(role))).getEntity();
    }

    @Test
    void administratorsManageTheirOrganizationOnly() {
        SecurityContext root = as(storage.users().create("root", "x", null, Set.of(Role.SRA)));
        User ann = created(root, "ann", "a", Role.RA);
        SecurityContext annCtx = as(ann);
        User rick = created(annCtx, "rick", "a", Role.RM);
        assertEquals("a", rick.organization());
        assertEquals(403, assertThrows(ApiException.class, () -> created(annCtx, "bob", "b", Role.RM)).status());
        assertEquals(List.of("roles"), fieldsOf(assertThrows(ApiException.class, () -> created(annCtx, "eve", null, Role.SRA))));
        assertEquals(List.of("password"), fieldsOf(assertThrows(ApiException.class, () -> users.create(annCtx,
                new UsersResource.UserInput("short", "123", "a", Set.of(Role.RC))))));
        assertEquals(List.of("ann", "rick"), users.list(annCtx).stream().map(User::username).toList());
        assertEquals(403, assertThrows(ApiException.class, () -> users.list(as(rick))).status());
        assertEquals(404, assertThrows(ApiException.class, () -> users.get(as(rick), ann.id())).status());
    }

    @Test
    void tokensAreShownOnceAndWorkUntilRevoked() {
        User carl = storage.users().create("carl", "x", "a", Set.of(Role.CONSUMER));
        var created = (UsersResource.CreatedToken) users.createToken(as(carl), carl.id(), new UsersResource.TokenInput("ci")).getEntity();
        assertTrue(created.token().startsWith("grt_"));
        assertEquals("carl", authenticator.authenticate("Bearer " + created.token()).orElseThrow().username());
        assertFalse(users.tokens(as(carl), carl.id()).toString().contains(created.token()));
        users.revoke(as(carl), carl.id(), created.id());
        assertTrue(authenticator.authenticate("Bearer " + created.token()).isEmpty());
        String basic = "Basic " + Base64.getEncoder().encodeToString("x:y".getBytes(StandardCharsets.UTF_8));
        assertTrue(authenticator.authenticate(basic).isEmpty());
    }

    @Test
    void oversizedImportsAre413BeforeParsing() {
        Importer importer = new Importer(new Registry(storage));
        try {
            ImportsResource imports = new ImportsResource(importer, new ImportsResource.Config() {
                public Class<? extends Annotation> annotationType() { return ImportsResource.Config.class; }
                public long maxUploadBytes() { return 1000; }
            });
            SecurityContext root = as(storage.users().create("root", "x", null, Set.of(Role.SRA)));
            byte[] big = ("{\"content\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
            ApiException e = assertThrows(ApiException.class, () -> imports.submit(root, new ByteArrayInputStream(big)));
            assertEquals(413, e.status());
        } finally {
            importer.stop();
        }
    }

    private static List<String> fieldsOf(ApiException e) {
        return e.problem().errors().stream().map(Problem.FieldError::field).toList();
    }
}
