/**
 * Synthetic Cityscapes-format data: {@link org.segpipe.core.generate.SceneGenerator} lays out a
 * street scene as polygons, {@link org.segpipe.core.generate.SceneRenderer} paints a learnable
 * camera image from it, and {@link org.segpipe.core.generate.DatasetGenerator} writes the tree.
 * Output is a pure function of (seed, split, key, size).
 */
package org.segpipe.core.generate;
