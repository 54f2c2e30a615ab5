/**
 * Validation of whole samples ({@link org.segpipe.core.dataset.SampleValidator}) and the problem
 * record ({@link org.segpipe.core.dataset.DataProblem}) shared by inspection and ingest rejects.
 */
package org.segpipe.core.dataset;
