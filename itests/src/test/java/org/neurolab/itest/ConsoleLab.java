package org.neurolab.itest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A lab for the console tests: its admin credential laid before the first start, as the lab itself stores it (a
 * PBKDF2 hash, here with few iterations so the tests stay fast), and accounts for every role made over the API.
 */
final class ConsoleLab {
    static final String ADMIN_PASSWORD = "itest-admin-password-1";
    static final String PASSWORD = "itest-role-password-1";
    /** Account name per role, created by {@link #withRoleAccounts}. */
    static final Map<String, String> USERS = Map.of("admin", "admin", "operator", "olga", "researcher", "rita", "ethics-officer", "edgar");

    private ConsoleLab() {
    }

    static LabUnderTest start(Path home) throws Exception {
        return start(home, false);
    }

    static LabUnderTest start(Path home, boolean devMode) throws Exception {
        writeAdminCredential(home.resolve("data/security/admin.credential"), ADMIN_PASSWORD, 1000);
        LabUnderTest lab = LabUnderTest.start(home, devMode);
        // the lab as `neurolab run` starts it: the default configuration (simulated rig, paced; ethics; guards required)
        lab.dropDefaults();
        // ...except that runs need no booking here: these tests are about the console (SchedulingIT covers the guard);
        // the scheduling bundle still runs, so its REST endpoints are exercised
        lab.dropText("org.neurolab.scheduling.cfg", "enforceReservations=false\n");
        ApiClient admin = ApiClient.anonymous(lab.httpPort);
        // the console is up before the scripting bundle has compiled its library: wait until the lab answers everything
        LabUnderTest.await("console API up", Duration.ofSeconds(120), () -> admin.tryLogin("admin", ADMIN_PASSWORD));
        LabUnderTest.await("script library and runner up", Duration.ofSeconds(180),
                () -> admin.get("/api/experiments/scripts").status() == 200 && admin.get("/api/experiments/runs").status() == 200
                        && admin.get("/api/rigs").body().contains("sim/mea0") && admin.get("/api/ethics/policies").status() == 200);
        return lab;
    }

    /** Creates one account per role (admin exists) and returns a logged-in client for each, admin included. */
    static Map<String, ApiClient> withRoleAccounts(int port) {
        ApiClient admin = ApiClient.anonymous(port).login("admin", ADMIN_PASSWORD);
        java.util.Map<String, ApiClient> clients = new java.util.TreeMap<>();
        clients.put("admin", admin);
        USERS.forEach((role, user) -> {
            if (role.equals("admin")) return;
            ApiClient.Response r = admin.post("/api/users", "{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}");
            if (r.status() != 201) throw new AssertionError("could not create " + user + ": " + r);
            clients.put(role, ApiClient.anonymous(port).login(user, PASSWORD));
        });
        return clients;
    }

    static void writeAdminCredential(Path file, String password, int iterations) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash) + "\n",
                StandardCharsets.UTF_8);
    }
}
