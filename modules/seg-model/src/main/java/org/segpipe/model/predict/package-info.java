/**
 * Inference: batched and tiled prediction ({@link org.segpipe.model.predict.Predictor}), instances
 * from connected components ({@link org.segpipe.model.predict.Instances}) and the official
 * Cityscapes result files ({@link org.segpipe.model.predict.ResultFiles}).
 */
package org.segpipe.model.predict;
