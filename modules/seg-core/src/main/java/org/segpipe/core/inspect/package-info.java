/**
 * {@code seg inspect}: walks a local Cityscapes tree, pairs and validates every sample and
 * reports counts, class statistics and problems ({@link org.segpipe.core.inspect.DatasetInspector}).
 */
package org.segpipe.core.inspect;
