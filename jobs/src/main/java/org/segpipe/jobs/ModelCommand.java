package org.segpipe.jobs;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.segpipe.model.loss.LossSpec;
import org.segpipe.model.net.ModelSummary;
import org.segpipe.model.net.NetTraining;
import org.segpipe.model.net.UNetBuilder;
import org.segpipe.model.net.UNetConfig;

/** {@code seg model summary}: the network the model settings describe, layer by layer. */
public final class ModelCommand implements Command {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String summary() {
        return "Describe the configured network: summary (layers, shapes, parameters, receptive field).";
    }

    @Override
    public String usage() {
        return "summary [--conf FILE] [--set model.KEY=VALUE ...]";
    }

    @Override
    public List<CliOption> options() {
        return List.of();
    }

    @Override
    public int run(Invocation inv) {
        if (inv.positional().size() != 1 || !inv.positional().get(0).equals("summary")) {
            throw new UsageException("expected the subcommand 'summary'");
        }
        UNetConfig cfg = UNetConfig.from(inv.settings());
        ComputationGraph net = UNetBuilder.build(cfg, LossSpec.crossEntropy(), NetTraining.defaults(inv.settings().longValue("run.seed")));
        ModelSummary.print(ModelSummary.of(net, cfg), cfg, inv.out());
        return ExitCodes.OK;
    }
}
