/**
 * The control bundle's code for use outside OSGi, for tests and benchmarks of other modules: private command paths
 * ({@link org.neurolab.control.CommandPaths}) and the whole control service over given arrays
 * ({@link org.neurolab.control.StandaloneControl}). Inside the lab, use the {@link org.neurolab.api.control.PrivateCommandPaths}
 * and {@link org.neurolab.api.control.LabControl} services, which apply the lab's rules.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.control;
