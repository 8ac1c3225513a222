/** Operating the simulated rig itself: fault injection and environment excursions, for training and tests. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.neurolab.driver.sim;
