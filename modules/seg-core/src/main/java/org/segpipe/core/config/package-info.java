/**
 * Configuration: the key table ({@link org.segpipe.core.config.ConfigKeys}), resolution with its
 * precedence ({@link org.segpipe.core.config.SettingsResolver}) and typed access with messages
 * that name key, value and rule ({@link org.segpipe.core.config.Settings}). Area configs (e.g.
 * {@link org.segpipe.core.generate.GenerateConfig}) are records built from resolved settings.
 */
package org.segpipe.core.config;
