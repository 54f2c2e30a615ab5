/**
 * The Cityscapes data model: the label table ({@link org.segpipe.core.cityscapes.CityscapesLabels}),
 * the instance-id encoding ({@link org.segpipe.core.cityscapes.InstanceIds}), the file-name grammar
 * ({@link org.segpipe.core.cityscapes.CityscapesFile}), the folder layout
 * ({@link org.segpipe.core.cityscapes.LocatedFile}) and the pairing of images with annotations
 * ({@link org.segpipe.core.cityscapes.SamplePairing}).
 */
package org.segpipe.core.cityscapes;
