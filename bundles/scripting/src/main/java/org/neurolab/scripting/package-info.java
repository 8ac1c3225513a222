/** Running experiment scripts: what to run, with which limits, and the record of each run. */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.neurolab.scripting;
