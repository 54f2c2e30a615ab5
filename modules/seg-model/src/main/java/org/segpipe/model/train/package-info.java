/**
 * The training loop without Spark ({@link org.segpipe.model.train.Trainer}): batches in, checkpoints
 * and epoch records out, exactly resumable; its configuration, resume checks, progress output and a
 * minimal validation mIoU.
 */
package org.segpipe.model.train;
