/**
 * From decoded samples to tensors: the compact batch that travels from executors to the trainer
 * ({@link org.segpipe.model.data.EncodedBatch}), its conversion to NHWC features and train-id
 * labels ({@link org.segpipe.model.data.BatchCodec}), and seeded training crops
 * ({@link org.segpipe.model.data.Crops}). Pure functions, usable on executors.
 */
package org.segpipe.model.data;
