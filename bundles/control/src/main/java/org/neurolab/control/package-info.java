/**
 * The control bundle's code for use outside OSGi: private command paths for tests and benchmarks of other modules.
 * Inside the lab, use the {@link org.neurolab.api.control.PrivateCommandPaths} service, which applies the lab's rules.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.control;
