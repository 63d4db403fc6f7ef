using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// The fields of events.jsonl's events beyond <c>type</c> and <c>time</c> (README, `train`): run_start, resume,
/// topology_update, epoch, checkpoint, snapshot, run_end; with --validation also best_model (best.ckpt rewritten)
/// and final_and_best (before run_end: the test accuracy of the final and of the best model). Built here so that
/// each event's fields are stated once.
/// </summary>
public static class RunEvents
{
    /// <summary>What a metrics.csv row holds, with the per-layer columns as a list of objects (and the validation
    /// columns, last, only with --validation).</summary>
    public static object Epoch(EpochMetrics m)
    {
        var fields = new Dictionary<string, object?>
        {
            ["epoch"] = m.Epoch,
            ["learning_rate"] = m.LearningRate,
            ["train_loss"] = m.TrainLoss,
            ["train_accuracy"] = m.TrainAccuracy,
            ["test_loss"] = m.TestLoss,
            ["test_accuracy"] = m.TestAccuracy,
            ["train_seconds"] = m.TrainSeconds,
            ["topology_seconds"] = m.TopologySeconds,
            ["eval_seconds"] = m.EvalSeconds,
            ["layers"] = m.Layers.Select(
                (l, k) =>
                    new
                    {
                        layer = k + 1,
                        links = l.Links,
                        active_neurons = l.ActiveNeurons,
                        removed = l.Removed,
                        regrown = l.Regrown,
                        regrown_by_score = l.RegrownByScore,
                        regrown_random = l.RegrownAtRandom,
                    }
            ),
        };
        if (m.ValidationAccuracy is { } accuracy)
        {
            fields["validation_loss"] = m.ValidationLoss;
            fields["validation_accuracy"] = accuracy;
        }
        return fields;
    }

    /// <summary>best.ckpt now holds <paramref name="best"/>'s model.</summary>
    public static object BestModel(BestEpoch best, string file) =>
        new
        {
            epoch = best.Epoch,
            validation_accuracy = best.ValidationAccuracy,
            test_accuracy = best.TestAccuracy,
            file = Path.GetFileName(file),
        };

    /// <summary>The two models a run with --validation ends with: the final one (model.ckpt) and the best by
    /// validation accuracy (best.ckpt), each with its test accuracy.</summary>
    public static object FinalAndBest(EpochMetrics final, BestEpoch best) =>
        new
        {
            final_epoch = final.Epoch,
            final_validation_accuracy = final.ValidationAccuracy,
            final_test_accuracy = final.TestAccuracy,
            best_epoch = best.Epoch,
            best_validation_accuracy = best.ValidationAccuracy,
            best_test_accuracy = best.TestAccuracy,
        };

    public static object RunStart(RunConfig config, string directory) =>
        new
        {
            run_directory = directory,
            program_version = config.ProgramVersion,
            command_line = config.CommandLine,
            dataset = config.Settings.Dataset,
            method = config.Settings.Regrowth,
            epochs = config.Settings.Epochs,
            seed = config.Settings.Seed,
            device = config.Device,
            device_description = config.DeviceDescription,
            data_source = config.DataSource,
            train_images = config.TrainImages,
            test_images = config.TestImages,
        };

    /// <summary>The update that opens epoch <paramref name="epoch"/>: per sparse layer what it removed and
    /// regrew.</summary>
    public static object TopologyUpdate(int epoch, string method, double seconds, IReadOnlyList<EditCounts> edits) =>
        new
        {
            epoch,
            method,
            seconds,
            layers = edits.Select(
                (e, k) =>
                    new
                    {
                        layer = k + 1,
                        removed = e.Removed,
                        regrown = e.Regrown,
                        regrown_by_score = e.RegrownByScore,
                        regrown_random = e.RegrownAtRandom,
                    }
            ),
        };

    public static object Resume(string checkpoint, TrainingState state) =>
        new
        {
            from = checkpoint,
            completed_epochs = state.CompletedEpochs,
            next_sample = state.NextSample,
            mid_epoch = state.IsMidEpoch,
        };

    /// <param name="outcome">completed, interrupted, diverged or failed.</param>
    public static object RunEnd(
        string outcome,
        TrainingState state,
        double seconds,
        EpochMetrics? last,
        string? error
    ) =>
        new
        {
            outcome,
            completed_epochs = state.CompletedEpochs,
            next_sample = state.NextSample,
            seconds,
            test_accuracy = last?.TestAccuracy,
            error,
        };
}
