/** What comes back from a culture: spike events (single and batched as primitive arrays) and raw sample blocks. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.neurolab.api.signal;
