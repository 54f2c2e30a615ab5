/**
 * Provenance of artifacts: the code version ({@link org.segpipe.core.provenance.CodeVersion}),
 * run ids ({@link org.segpipe.core.provenance.RunIds}) and the record every report and checkpoint
 * carries ({@link org.segpipe.core.provenance.Provenance}).
 */
package org.segpipe.core.provenance;
