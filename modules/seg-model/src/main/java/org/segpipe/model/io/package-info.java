/**
 * Model and checkpoint files: network, optimiser state and metadata in one zip, identified by its
 * SHA-256.
 */
package org.segpipe.model.io;
