package org.neurolab.scripting;

import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The lab's script folder, watched: a changed script is checked (parsed) and, if it parses, used from the next run
 * on; a script that does not parse keeps its last good version and reports why. Runs already going are untouched:
 * a run holds the source it was started with.
 */
@ProviderType
public interface ScriptLibrary {
    /** The last good version of a script by file name. */
    Optional<ScriptSource> script(String name);

    /** Every script's state: "ok" or why its newest version was not taken. */
    Map<String, String> status();
}
