/**
 * Segmentation losses with hand-written gradients (cross-entropy with ignore pixels, weighted
 * cross-entropy, soft Dice, CE + Dice), their configuration, and class weights from pixel counts
 * (inverse frequency, median frequency).
 */
package org.segpipe.model.loss;
