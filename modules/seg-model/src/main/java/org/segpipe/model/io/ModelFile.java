package org.segpipe.model.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model and checkpoint file: a zip holding {@code segpipe/metadata.json}
 * ({@link ModelMetadata}) and {@code segpipe/network.zip} (DL4J's own format: configuration,
 * parameters and, for checkpoints, the optimiser state). Files are identified by the SHA-256 of
 * their bytes ({@link #sha256}); readers refuse anything that is not such a zip with a message that
 * names the source.
 */
public final class ModelFile {

    /** Version of this layout. */
    public static final int FORMAT = 1;

    private static final String METADATA = "segpipe/metadata.json";
    private static final String NETWORK = "segpipe/network.zip";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFile() {
    }

    /** The file's bytes; {@code withUpdater} keeps the optimiser state (checkpoints) or drops it (final models). */
    public static byte[] toBytes(SegModel model, boolean withUpdater) {
        try {
            ByteArrayOutputStream net = new ByteArrayOutputStream();
            ModelSerializer.writeModel(model.network(), net, withUpdater);
            ByteArrayOutputStream out = new ByteArrayOutputStream(net.size() + 4096);
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(METADATA));
                zip.write(JSON.writeValueAsBytes(model.metadata()));
                zip.closeEntry();
                ZipEntry n = new ZipEntry(NETWORK);
                zip.putNextEntry(n);
                net.writeTo(zip);
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the model: " + e.getMessage(), e);
        }
    }

    public static void write(SegModel model, boolean withUpdater, OutputStream out) {
        try {
            out.write(toBytes(model, withUpdater));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
        }
    }

    /** Reads a model file; {@code source} names it in errors. */
    public static SegModel read(byte[] bytes, String source, boolean loadUpdater) {
        ModelMetadata meta = null;
        byte[] net = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(METADATA)) {
                    meta = JSON.readValue(zip.readAllBytes(), ModelMetadata.class);
                } else if (e.getName().equals(NETWORK)) {
                    net = zip.readAllBytes();
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(source + " is not a segpipe model file (not a readable zip: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not a segpipe model file (" + e.getMessage() + ")", e);
        }
        if (meta == null || net == null) {
            throw new IllegalArgumentException(source + " is not a segpipe model file: expected entries " + METADATA + " and "
                    + NETWORK + ", found " + (meta == null ? "no metadata" : "no network"));
        }
        if (meta.format() != FORMAT) {
            throw new IllegalArgumentException(source + " has model format " + meta.format() + "; this version reads format " + FORMAT);
        }
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(net), loadUpdater);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": the network inside is corrupt (" + e.getMessage() + ")", e);
        }
        return new SegModel(graph, meta);
    }

    public static SegModel read(InputStream in, String source, boolean loadUpdater) {
        try {
            return read(in.readAllBytes(), source, loadUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of the bytes: the identity of a model file. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Metadata as JSON text (for logs and provenance files). */
    public static String metadataJson(ModelMetadata meta) {
        try {
            return JSON.writeValueAsString(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
