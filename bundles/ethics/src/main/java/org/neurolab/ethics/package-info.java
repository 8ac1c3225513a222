/** The ethics office (consents, policies, holds, two-person changes) and the hook for consent withdrawal. */
@org.osgi.annotation.versioning.Version("1.5.0")
package org.neurolab.ethics;
