/**
 * Test helpers shared by the modules: the shared local SparkSession
 * ({@link org.segpipe.testkit.LocalSpark}) and generated fixture datasets
 * ({@link org.segpipe.testkit.FixtureDatasets}).
 */
package org.segpipe.testkit;
