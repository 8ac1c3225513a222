/** Fakes and fixtures shared by the modules' unit tests (test scope only; never in a bundle). */
package org.neurolab.testsupport;
