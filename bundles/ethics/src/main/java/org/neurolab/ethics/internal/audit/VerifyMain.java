package org.neurolab.ethics.internal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code neurolab audit verify [--home DIR] [--dir AUDIT_DIR] [--key PUBLIC_KEY]}: checks a whole audit log against
 * its signed checkpoints; exit 0 when intact, 1 when damaged (first damage named), 2 on wrong use.
 */
public final class VerifyMain {
    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String home = System.getenv().getOrDefault("NEUROLAB_HOME", ".");
        Path dir = null, key = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("verify")) continue;
            if (i + 1 >= args.length) return usage("missing value after " + a);
            switch (a) {
                case "--home" -> home = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--key" -> key = Path.of(args[++i]);
                default -> {
                    return usage("unknown option " + a);
                }
            }
        }
        if (dir == null) dir = Path.of(home, "data", "ethics", "audit");
        if (!Files.isRegularFile(dir.resolve(AuditLog.LOG))) {
            System.err.println("audit verify: no audit log at " + dir.resolve(AuditLog.LOG) + " (give the lab's folder with --home)");
            return 2;
        }
        try {
            PublicKey pk = CheckpointKeys.publicKey(key != null ? key : dir.resolve(CheckpointKeys.PUBLIC));
            LogVerifier.Report r = LogVerifier.verify(dir, pk);
            if (r.ok()) {
                System.out.println("audit log " + dir + ": OK, " + r.entries() + " entries, " + r.checkpoints() + " signed checkpoints"
                        + (r.uncovered() > 0 ? "; the last " + r.uncovered() + " entries are chained but not yet under a signed checkpoint" : ""));
                return 0;
            }
            System.out.println("audit log " + dir + ": DAMAGED (" + r.entries() + " entries, " + r.checkpoints() + " checkpoints)");
            for (String p : r.problems()) System.out.println("  " + p);
            return 1;
        } catch (Exception e) {
            System.err.println("audit verify: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(String why) {
        System.err.println("audit verify: " + why + "\nusage: neurolab audit verify [--home DIR] [--dir AUDIT_DIR] [--key PUBLIC_KEY]");
        return 2;
    }
}
