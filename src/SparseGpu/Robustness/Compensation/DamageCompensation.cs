using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Training;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// The post-damage step of a robustness sweep: what the compensation switches do to each damaged network before it
/// is evaluated, always in the order prune-dead → rescale (fan-in or variance) → fine-tune. Pruning comes first so
/// that the rescale sees the fan-in and statistics of the network that is evaluated, and fine-tuning last so it
/// starts from the compensated weights. Without switches <see cref="Apply"/> returns the damaged network itself.
/// Only network perturbations pass through here; an input perturbation (FGSM) damages no network and is evaluated on
/// the trained one as before.
/// </summary>
public sealed class DamageCompensation
{
    private readonly CompensationSettings _settings;
    private readonly RescaleMode _rescale;
    private readonly ImageSet? _train;
    private readonly FineTuning? _fineTuning;
    private VarianceRescale? _variance;

    /// <param name="train">The data set's training split (null when the switches need no training images).</param>
    public DamageCompensation(CompensationSettings settings, ImageSet? train, INetworkEngine engine)
    {
        settings.Validate();
        if (settings.NeedsTrainingImages && train is null)
            throw new ArgumentException("these switches need the training images", nameof(train));
        _settings = settings;
        _rescale = settings.ParsedRescale;
        _train = train;
        if (settings.FinetuneSteps is > 0 || settings.FinetuneEpochs is > 0)
            _fineTuning = new FineTuning(engine, settings.FinetuneSteps, settings.FinetuneEpochs);
    }

    public bool Any => _settings.Any;

    /// <summary>The network to evaluate in place of <paramref name="damaged"/>; neither argument is modified.</summary>
    public Network Apply(Network damaged, Network trained, DamageContext context)
    {
        Network network = damaged;
        if (_settings.PruneDead)
            network = DeadNeuronPruning.Apply(network);
        if (_rescale == RescaleMode.FanIn)
            network = FanInRescale.Apply(network, trained);
        else if (_rescale == RescaleMode.Variance)
            network = VarianceFor(trained, context).Apply(network);
        if (_fineTuning is not null)
            network = _fineTuning.Apply(network, TrainingImagesOf(context.Training), context.Training, context);
        return network;
    }

    /// <summary>The calibration of one trained model, measured once and kept while its levels are evaluated.</summary>
    private VarianceRescale VarianceFor(Network trained, DamageContext context)
    {
        if (_variance is null || !ReferenceEquals(_variance.Trained, trained))
        {
            ImageSet images = TrainingImagesOf(context.Training);
            _variance = new VarianceRescale(
                trained,
                CalibrationBatch.Draw(images, _settings.CalibrationImages, context.Seed)
            );
        }
        return _variance;
    }

    private ImageSet? _imagesOf;
    private (int Limit, double Validation) _imagesKey;

    /// <summary>The images the model trained on, kept while models with the same limit and hold-out follow.</summary>
    private ImageSet TrainingImagesOf(TrainingSettings training)
    {
        var key = (training.TrainLimit, training.Validation);
        if (_imagesOf is null || _imagesKey != key)
            (_imagesOf, _imagesKey) = (TrainingImages.Of(training, _train!).Train, key);
        return _imagesOf;
    }
}
