/**
 * The Cityscapes polygons JSON ({@link org.segpipe.core.polygons.PolygonJson}) and its
 * rasterisation into label and instance images
 * ({@link org.segpipe.core.polygons.AnnotationRasterizer}), following the official
 * json2labelImg / json2instanceImg rules; the pixel coverage rule is documented on
 * {@link org.segpipe.core.polygons.PolygonRasterizer}.
 */
package org.segpipe.core.polygons;
