package org.segpipe.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key with its default, type and meaning, in one table. conf/README.md
 * documents the same keys (a test keeps the two in step).
 */
public final class ConfigKeys {

    private static final List<ConfigKey> ALL = List.of(
            // run-wide
            new ConfigKey("run.seed", "42", "long", "Seed from which every random choice of a run derives."),
            new ConfigKey("run.threads", "0", "int", "Worker threads for local (non-Spark) work; 0 means one per core."),
            // PNG limits
            new ConfigKey("png.max-dimension-px", "16384", "int, px", "Largest PNG width or height accepted; larger headers are refused before decoding."),
            new ConfigKey("png.max-pixels", "67108864", "long, px", "Largest PNG width*height accepted (decompression-bomb guard)."),
            // generate
            new ConfigKey("generate.out", null, "path", "Folder the synthetic Cityscapes tree is written to."),
            new ConfigKey("generate.images", "6", "int or split=int,...", "Frames to generate: a total dealt evenly over the splits, or per split as 'train=200,val=50'."),
            new ConfigKey("generate.height", "1024", "int, px", "Image height."),
            new ConfigKey("generate.width", "2048", "int, px", "Image width."),
            new ConfigKey("generate.splits", "train,val", "list of splits", "Splits to generate: train, val, test, train_extra."),
            new ConfigKey("generate.cities", "", "list of cities", "Cities to deal frames to; empty means real Cityscapes city names per split."),
            // spark
            new ConfigKey("spark.master", "local[*]", "Spark master URL", "Where Spark work runs when launched through scripts/seg; other spark.* keys pass through to Spark."),
            // augment
            new ConfigKey("augment.pipeline", "none", "preset or steps", "Augmentation pipeline: a preset (none, light, cityscapes-standard) or steps such as 'hflip(p=0.5); scale(min=0.5, max=2.0)'; see conf/augment.md."),
            new ConfigKey("augment.seed", "", "long", "Seed of the augmentation draws; empty means run.seed. A sample's draw depends only on (seed, key, epoch)."),
            new ConfigKey("augment.image-fill", "0,0,0", "gray or r,g,b", "Image value of pixels a geometric step uncovers (masks get label id 0 'unlabeled' = train id 255, instances 0)."),
            new ConfigKey("augment.input", null, "URI", "Dataset seg augment reads: a raw Cityscapes tree or a dataset folder with shards/."),
            new ConfigKey("augment.output", null, "URI", "Folder seg augment writes shards/, rejects/ and manifest.json to; must not hold shards already."),
            new ConfigKey("augment.copies", "1", "int", "Augmented variants written per input sample; copy k is drawn with epoch k."),
            new ConfigKey("augment.splits", "train", "list of splits", "Splits seg augment reads and writes."),
            new ConfigKey("augment.annotations", "gtFine", "gtFine or gtCoarse", "Annotation set read from a raw tree."),
            new ConfigKey("augment.partitions", "0", "int", "Spark partitions the input is spread over before augmenting; 0 keeps the input's partitioning."),
            new ConfigKey("augment.row-group-bytes", "33554432", "long, bytes", "Parquet row-group size of the augmented shards (rows hold multi-MB PNGs)."),
            new ConfigKey("augment.png-level", "1", "int, 0-9", "zlib level of the PNGs seg augment writes; 1 encodes about 3.5x faster than 6 for about 5% more bytes."),
            // ingest
            new ConfigKey("ingest.input", null, "URI", "Cityscapes tree to ingest: a local path, file://, s3a:// or hdfs:// URI."),
            new ConfigKey("ingest.output", null, "URI", "Dataset folder the shards, rejects and manifest.json are published to."),
            new ConfigKey("ingest.splits", "train,val", "list of splits", "Splits to ingest: train, val, test, train_extra."),
            new ConfigKey("ingest.annotations", "gtFine", "gtFine or gtCoarse", "Annotation set to pair the images with."),
            new ConfigKey("ingest.target-shard-mb", "128", "number, MB", "Target size of a shard file; the shard count per split is its bytes divided by this, rounded."),
            new ConfigKey("ingest.dataset-version", "", "string", "Version recorded in the manifest and every row; empty means 'c' + the first 12 hex digits of the content hash."),
            new ConfigKey("ingest.row-group-mb", "32", "int, MB", "Parquet row-group size of the shards; bounds writer and reader memory per task."),
            new ConfigKey("ingest.compression", "uncompressed", "Parquet codec", "Codec of the shard files (uncompressed, snappy, zstd, gzip); PNG bytes do not compress further."),
            new ConfigKey("ingest.image-check", "chunks", "chunks or decode", "How camera images are validated: chunks (header and every chunk's CRC, no inflating) or decode (every pixel, about 2.5x the validation time); label and instance images are always decoded."),
            new ConfigKey("ingest.test-fail-after-rows", "-1", "int", "For tests: the task writing the first shard fails after this many rows; -1 never."),
            // sql
            new ConfigKey("sql.reports", "", "URI", "Folder whose sub-folders holding Parquet are registered as views named after them."),
            new ConfigKey("sql.format", "table", "table, csv or json", "How seg sql prints results: an aligned table, CSV with a header, or JSON lines."),
            new ConfigKey("sql.max-rows", "1000", "int", "Most result rows seg sql prints; more are cut with a note."),
            // augment output as a dataset
            new ConfigKey("augment.dataset-version", "", "string", "Version recorded in the augmented dataset's manifest and every row; empty means 'c' + the first 12 hex digits of its content hash."),
            // evaluate
            new ConfigKey("evaluate.gt", null, "URI", "Ground truth: a Cityscapes tree or an ingested dataset (file://, s3a://, hdfs:// or a local path)."),
            new ConfigKey("evaluate.split", "val", "split", "Split to evaluate: train, val, test or train_extra."),
            new ConfigKey("evaluate.semantic", "", "URI", "Semantic results folder (label-id PNGs named with the {city}_{seq}_{frame} key); empty skips semantic evaluation."),
            new ConfigKey("evaluate.instances", "", "URI", "Instance results folder (one txt per image: 'mask.png labelId confidence' lines); empty skips the Cityscapes and COCO instance protocols."),
            new ConfigKey("evaluate.panoptic", "", "URI", "Panoptic results folder (one COCO panoptic JSON, PNGs in the folder named like it or beside it); empty skips panoptic evaluation."),
            new ConfigKey("evaluate.out", "", "URI", "Folder of the Parquet report tables, partitioned by run_id; empty writes no tables."),
            new ConfigKey("evaluate.summary", "", "path or URI", "File to write the summary JSON to; empty writes none."),
            new ConfigKey("evaluate.run-id", "", "run id", "Run id of the report; empty generates one (yyyyMMdd-HHmmss-xxxx). Re-using an id replaces that run."),
            new ConfigKey("evaluate.semantic-ids", "label-ids", "label-ids or train-ids", "What semantic PNGs hold; train-ids converts them to label ids (255 becomes unlabeled)."),
            new ConfigKey("evaluate.partitions", "0", "int", "Partitions of the per-image stage; 0 means four times Spark's default parallelism."),
            // model
            new ConfigKey("model.depth", "4", "int", "UNet depth: number of 2x poolings; input height and width must be multiples of 2^depth."),
            new ConfigKey("model.base-filters", "16", "int", "Filters of the full-resolution level."),
            new ConfigKey("model.filter-growth", "2.0", "number", "Factor by which filters grow per level (level l has round(base * growth^l))."),
            new ConfigKey("model.upsampling", "transposed", "transposed, nearest, bilinear or unpool", "How the decoder doubles resolution: 2x2 transposed conv, nearest or bilinear resize + 3x3 conv, or 1x1 conv + max-unpooling at the encoder's pooling indices."),
            new ConfigKey("model.dilation-rates", "", "list of int", "Dilation rates of the bottleneck's 3x3 convolutions (one conv per rate); empty means two plain convs."),
            new ConfigKey("model.dropout", "0.0", "probability", "Dropout (drop probability) on the bottleneck output during training."),
            new ConfigKey("model.classes", "19", "int", "Output classes: the Cityscapes train ids 0..18 by default; train id 255 is ignored."),
            new ConfigKey("model.input-channels", "3", "int", "Input channels (3 for RGB)."),
            new ConfigKey("model.input-height", "256", "int, px", "Network input height: the training crop height and the summary/benchmark size."),
            new ConfigKey("model.input-width", "512", "int, px", "Network input width: the training crop width and the summary/benchmark size."),
            // loss
            new ConfigKey("loss.name", "ce", "ce, weighted-ce, dice, ce-dice, bce, iou or bce-iou", "Training loss: pixel cross-entropy, class-weighted cross-entropy, soft Dice, or cross-entropy + loss.dice-weight * Dice; ignored pixels never count."),
            new ConfigKey("loss.class-weights", "median-frequency", "median-frequency, inverse-frequency, none or one number per class", "Class weights of weighted-ce and of the CE part of ce-dice; computed from class pixel counts or given in train-id order."),
            new ConfigKey("loss.class-counts", "", "list of long", "Class pixel counts for computed weights: 19 per train id or 34+ per label id (e.g. from an ingest manifest); empty counts the training data."),
            new ConfigKey("loss.dice-weight", "1.0", "number", "Weight of the Dice term in ce-dice."),
            new ConfigKey("loss.dice-smooth", "1.0", "number", "Additive smoothing of the soft Dice ratio."),
            // train
            new ConfigKey("train.data", null, "URI", "Dataset to train on: ingested shards or a raw Cityscapes tree, on any Hadoop file system."),
            new ConfigKey("train.out", null, "URI", "Where checkpoints, the training log, problems and the final model.zip go."),
            new ConfigKey("train.resume", "false", "boolean", "Continue from the newest checkpoint under train.out (same settings and data required)."),
            new ConfigKey("train.split", "train", "split", "Split to train on."),
            new ConfigKey("train.validation-split", "val", "split or empty", "Split whose mIoU is measured after each epoch; empty for none."),
            new ConfigKey("train.epochs", "10", "int", "Passes over the training split."),
            new ConfigKey("train.batch-size", "4", "int", "Images per iteration."),
            new ConfigKey("train.optimizer", "adam", "adam, sgd, nesterovs or rmsprop", "Optimiser."),
            new ConfigKey("train.learning-rate", "0.001", "number", "Initial learning rate."),
            new ConfigKey("train.momentum", "0.9", "number", "Momentum of nesterovs."),
            new ConfigKey("train.lr-schedule", "constant", "constant, poly or step", "Learning-rate schedule: constant; poly decays per iteration to 0 at the last one; step multiplies by train.lr-step-factor every train.lr-step-epochs."),
            new ConfigKey("train.lr-poly-power", "0.9", "number", "Exponent of the poly schedule."),
            new ConfigKey("train.lr-step-epochs", "10", "int", "Epochs between steps of the step schedule."),
            new ConfigKey("train.lr-step-factor", "0.1", "number", "Factor applied at each step of the step schedule."),
            new ConfigKey("train.weight-decay", "0.0", "number", "L2 weight decay of convolution weights (not biases or batch-norm parameters)."),
            new ConfigKey("train.crop", "random", "random or none", "random: crop each image to model.input-height x model.input-width at an offset seeded by (run.seed, key, epoch); none: images must have exactly that size."),
            new ConfigKey("train.checkpoint-every", "0", "int, iterations", "Iterations between checkpoints; 0 checkpoints only at the end of each epoch."),
            new ConfigKey("train.keep-checkpoints", "3", "int", "Newest checkpoints kept; older ones are deleted."),
            new ConfigKey("train.partition-batches", "8", "int", "Batches per Spark partition of an epoch (the unit the driver fetches)."),
            new ConfigKey("train.prefetch-batches", "4", "int", "Batches read ahead of the trainer; 0 reads on demand."),
            new ConfigKey("train.progress", "auto", "auto, bar, lines or off", "Progress output: a bar on a terminal, else lines (auto)."),
            new ConfigKey("train.run-id", "", "run id", "Run id of a new run; empty picks a new one (a resumed run keeps its own)."),
            new ConfigKey("train.augment", "none", "preset or steps", "Augmentation applied on the fly to each training sample, drawn from (augment.seed, key, epoch): a preset (none, light, cityscapes-standard) or steps as in augment.pipeline."),
            new ConfigKey("train.extra-data", "", "list of URIs", "Further datasets whose training split is added to train.data's, e.g. the copies seg augment wrote; validation uses train.data only."),
            // pipeline
            new ConfigKey("pipeline.root", null, "URI", "Folder of the pipeline: runs/{run id}/ holds each run's input, dataset, augmented copies, model, predictions, report and stage markers; reports/ holds the report tables of all runs."),
            new ConfigKey("pipeline.input", "", "URI", "Cityscapes tree to ingest; empty generates one per run with the generate.* keys (into runs/{run id}/input)."),
            new ConfigKey("pipeline.run-id", "", "run id", "Run id; empty picks a new one. Giving the id of an unfinished run resumes it: complete stages are skipped."),
            new ConfigKey("pipeline.from", "", "stage", "First stage to run: generate, ingest, augment, train, predict, evaluate or report; it and later stages run again even when complete. Empty skips complete stages."),
            new ConfigKey("pipeline.to", "report", "stage", "Last stage to run."),
            new ConfigKey("pipeline.keep-runs", "0", "int", "After a successful run, delete the folders of all but the newest N runs under runs/ (report tables are kept); 0 keeps all."),
            // predict
            new ConfigKey("predict.model", null, "URI", "model.zip to predict with (its .sha256 file, when present, must match)."),
            new ConfigKey("predict.data", null, "URI", "Dataset to predict on: ingested shards or a raw Cityscapes tree."),
            new ConfigKey("predict.out", null, "URI", "Where predictions go: predictions/ (Parquet) and/or cityscapes/ (official results layout)."),
            new ConfigKey("predict.format", "both", "parquet, cityscapes or both", "Output format."),
            new ConfigKey("predict.split", "val", "split", "Split to predict."),
            new ConfigKey("predict.batch-size", "2", "int", "Images per inference batch."),
            new ConfigKey("predict.tile-height", "0", "int, px", "Tile height for large images (multiple of 2^model.depth); 0 predicts whole images."),
            new ConfigKey("predict.tile-width", "0", "int, px", "Tile width for large images (multiple of 2^model.depth); 0 predicts whole images."),
            new ConfigKey("predict.tile-overlap", "32", "int, px", "Overlap between neighbouring tiles; overlapping probabilities are averaged."),
            new ConfigKey("predict.min-instance-px", "10", "int, px", "Smallest connected component reported as an instance."),
            new ConfigKey("predict.run-id", "", "run id", "Run id of the prediction run; empty picks a new one."),
            new ConfigKey("predict.partitions", "0", "int", "Spark partitions the images are spread over; 0 keeps the input's partitioning."),
            // report
            new ConfigKey("report.reports", null, "URI", "Reports folder to draw the HTML report from (what seg evaluate --out wrote)."),
            new ConfigKey("report.run-id", "", "run id", "Run to show; empty shows the latest committed run (by finished_at)."),
            new ConfigKey("report.compare-to", "", "run id", "Run to compare against (per-class differences); empty compares with none."),
            new ConfigKey("report.out", null, "path or URI", "The HTML file to write: one self-contained page."),
            new ConfigKey("report.worst-images", "6", "int, 0-100", "How many of the worst images to draw with their predictions; 0 draws none."),
            new ConfigKey("report.tile-width", "480", "int, px", "Width of the pictures of the worst images (64-2048); the page grows with its square."),
            new ConfigKey("report.min-score", "0.5", "number, 0-1", "Predicted instances below this confidence are not drawn (they are all evaluated)."),
            new ConfigKey("report.gt", "", "URI", "Ground truth to draw the worst images from; empty uses the run's recorded gt_uri."),
            new ConfigKey("report.semantic", "", "URI", "Semantic results to draw; empty uses the run's recorded semantic_uri."),
            new ConfigKey("report.instances", "", "URI", "Instance results to draw; empty uses the run's recorded instances_uri."),
            new ConfigKey("report.panoptic", "", "URI", "Panoptic results to draw; empty uses the run's recorded panoptic_uri."),
            new ConfigKey("report.pred", "", "URI", "Saliency predictions to draw; empty uses the saliency run's recorded pred_uri."),
            new ConfigKey("report.images", "", "URI", "Photos to draw a saliency run's worst images on (<stem>.png/.jpg); empty looks for an images folder beside the masks folder."),
            // saliency
            new ConfigKey("evaluate.task", "cityscapes", "cityscapes or saliency", "What seg evaluate measures: the Cityscapes/COCO protocols, or salient object detection (grey-level maps against binary masks, PySODMetrics conventions)."),
            new ConfigKey("evaluate.pred", "", "URI", "Saliency predictions: a folder of 8-bit grey PNGs named by the stems of the masks in evaluate.gt (task saliency)."),
            new ConfigKey("evaluate.size-mismatch", "resize", "resize or reject", "A saliency prediction whose size differs from its mask: resize it bilinearly to the mask (with a warning, as the field does) or reject the image into the problems table."),
            new ConfigKey("generate.task", "cityscapes", "cityscapes or saliency", "What seg generate writes: a Cityscapes tree, or a saliency dataset (images/ and masks/ with the same stems)."),
            new ConfigKey("ingest.task", "cityscapes", "cityscapes or saliency", "What seg ingest reads: a Cityscapes tree, or INPUT/<split>/images (PNG or JPEG) with INPUT/<split>/masks (8-bit grey PNG, same stems) into a new, empty output folder."),
            new ConfigKey("model.architecture", "unet", "unet or u2net-lite", "Network: the UNet, or the light U²-Net (nested residual U-blocks, fused and deeply supervised side outputs; needs model.classes=1 and loss.name bce, iou or bce-iou)."),
            // train (spark mode)
            new ConfigKey("train.mode", "local", "local or spark", "local: executors build batches, the driver trains; spark: data-parallel training on executors with DL4J's parameter averaging."),
            new ConfigKey("train.spark.workers", "0", "int", "Training workers (concurrent Spark tasks) in spark mode; 0 uses Spark's default parallelism."),
            new ConfigKey("train.spark.batch-per-worker", "0", "int", "Images per iteration on each worker in spark mode; 0 uses train.batch-size."),
            new ConfigKey("train.spark.averaging-frequency", "4", "int, iterations", "Iterations each worker runs between parameter averagings in spark mode."),
            new ConfigKey("train.spark.prefetch-batches", "2", "int", "Batches each worker reads ahead of its fit loop in spark mode; 0 reads on demand."),
            // train (spark mode): gradient sharing
            new ConfigKey("train.spark.master", "averaging", "averaging or sharing", "Training master in spark mode: averaging (ParameterAveragingTrainingMaster) or sharing (SharedTrainingMaster: threshold-encoded gradients over UDP through the driver)."),
            new ConfigKey("train.spark.sharing-threshold", "0.001", "number > 0", "Initial gradient threshold of the sharing master (adaptive: it follows the gradients' sparsity)."),
            new ConfigKey("train.spark.sharing-port", "0", "int, 0-65535", "UDP port of the sharing master on the driver and every executor; 0 picks a free port in each JVM."),
            // saliency pipeline
            new ConfigKey("pipeline.task", "cityscapes", "cityscapes or saliency", "What seg pipeline runs: Cityscapes data, or saliency data (pipeline.input or the generated folder holds <split>/images + <split>/masks; needs model.classes=1 and a binary loss); sets generate.task, ingest.task and evaluate.task, evaluates the masks of evaluate.split against the predicted grey maps, and skips the augment stage (use train.augment)."));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey k : ALL) {
            if (BY_NAME.put(k.name(), k) != null) {
                throw new IllegalStateException("config key " + k.name() + " is declared twice");
            }
        }
    }

    private ConfigKeys() {
    }

    public static List<ConfigKey> all() {
        return ALL;
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Defaults of the keys that have one. */
    public static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey k : ALL) {
            if (k.defaultValue() != null) {
                out.put(k.name(), k.defaultValue());
            }
        }
        return out;
    }

    /** The known key closest to a misspelt one, when close enough to be a likely typo. */
    public static Optional<String> nearest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : BY_NAME.keySet()) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
