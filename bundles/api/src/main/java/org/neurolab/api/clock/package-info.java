/** The one lab clock: real time on hardware, virtual time on the simulator. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.api.clock;
