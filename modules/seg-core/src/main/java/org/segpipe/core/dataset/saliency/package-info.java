/**
 * Validation of saliency samples (an image and its grey-level mask with the same stem) before they
 * are sharded: what {@code seg ingest --task saliency} accepts and why it rejects the rest.
 */
package org.segpipe.core.dataset.saliency;
