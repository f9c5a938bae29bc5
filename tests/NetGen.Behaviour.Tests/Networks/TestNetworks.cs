using System;

namespace NetGen.Tests.Networks
{
    /// <summary>The generated members, so that tests can treat every network alike.</summary>
    public interface IGeneratedNetwork
    {
        Span<double> Parameters { get; }

        void Forward(ReadOnlySpan<double> input, Span<double> output);

        double ComputeLoss(ReadOnlySpan<double> input, ReadOnlySpan<double> target);

        double AccumulateGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient);

        double AccumulateGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient, Span<double> inputGradient);

        double Gradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient);

        void Step(ReadOnlySpan<double> gradient, double learningRate);
    }

    /// <summary>Softmax networks also generate <c>Probabilities</c>.</summary>
    public interface ISoftmaxNetwork : IGeneratedNetwork
    {
        void Probabilities(ReadOnlySpan<double> input, Span<double> probabilities);

        int Predict(ReadOnlySpan<double> input);
    }

    [Network(2, Loss = Loss.HalfSquaredError)]
    [Dense(3, Activation.ReLU)]
    [Dense(1)]
    public partial class AssignmentNet : IGeneratedNetwork
    {
    }

    [Network(3)]
    [Dense(2)]
    public partial class Identity1 : IGeneratedNetwork
    {
    }

    [Network(2)]
    [Dense(4, Activation.Sigmoid)]
    [Dense(2, Activation.Tanh)]
    public sealed partial class Sigmoid2 : IGeneratedNetwork
    {
    }

    [Network(3)]
    [Dense(3, Activation.Tanh)]
    [Dense(3, Activation.ReLU)]
    [Dense(2, Activation.Sigmoid)]
    internal partial class Tanh3 : IGeneratedNetwork
    {
    }

    [Network(2)]
    [Dense(3, Activation.ReLU)]
    [Dense(4, Activation.Sigmoid)]
    [Dense(3, Activation.Tanh)]
    [Dense(2)]
    public partial class Mixed4 : IGeneratedNetwork
    {
    }

    /// <summary>555 parameters: above the straight-line threshold, so written with loops.</summary>
    [Network(8)]
    [Dense(24, Activation.Tanh)]
    [Dense(12, Activation.ReLU)]
    [Dense(3, Activation.Sigmoid)]
    public partial class WideLoops : IGeneratedNetwork
    {
    }

    [Network(3)]
    public partial class NoLayers : IGeneratedNetwork
    {
    }

    [Network(3, Loss = Loss.SoftmaxCrossEntropy)]
    public partial class SoftmaxAlone : ISoftmaxNetwork
    {
    }

    [Network(3, Loss = Loss.SoftmaxCrossEntropy)]
    [Dense(4)]
    public partial class Softmax1 : ISoftmaxNetwork
    {
    }

    [Network(4, Loss = Loss.SoftmaxCrossEntropy)]
    [Dense(5, Activation.ReLU)]
    [Dense(3)]
    public partial class Softmax2 : ISoftmaxNetwork
    {
    }

    [Network(2, Loss = Loss.SoftmaxCrossEntropy)]
    [Dense(3, Activation.Tanh)]
    [Dense(3, Activation.Sigmoid)]
    [Dense(4)]
    public partial class Softmax3 : ISoftmaxNetwork
    {
    }

    /// <summary>517 parameters: a softmax classifier in the loop form.</summary>
    [Network(10, Loss = Loss.SoftmaxCrossEntropy)]
    [Dense(32, Activation.ReLU)]
    [Dense(5)]
    public partial class SoftmaxLoops : ISoftmaxNetwork
    {
    }

    public static partial class Outer
    {
        internal sealed partial class Middle
        {
            [Network(2, Loss = Loss.HalfSquaredError)]
            [Dense(2, Activation.Tanh)]
            [Dense(2)]
            internal sealed partial class NestedNet : IGeneratedNetwork
            {
                /// <summary>A user constructor: the generated one is then left out.</summary>
                public NestedNet()
                {
                    Parameters.Fill(0.25);
                }
            }
        }
    }
}


namespace NetGen.Tests.Networks
{
    /// <summary>The assignment's shape, forced into the loop form.</summary>
    [Network(2, Emit = EmitStyle.Loops)]
    [Dense(3, Activation.ReLU)]
    [Dense(1)]
    public partial class AssignmentLoops : IGeneratedNetwork
    {
    }

    /// <summary>WideLoops' shape, forced into the straight-line form.</summary>
    [Network(8, Emit = EmitStyle.StraightLine)]
    [Dense(24, Activation.Tanh)]
    [Dense(12, Activation.ReLU)]
    [Dense(3, Activation.Sigmoid)]
    public partial class WideStraight : IGeneratedNetwork
    {
    }

    /// <summary>The softmax layer alone, in the loop form.</summary>
    [Network(3, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
    public partial class SoftmaxAloneLoops : ISoftmaxNetwork
    {
    }

    /// <summary>A sigmoid/identity regression net in the loop form, no layers to one.</summary>
    [Network(3, Emit = EmitStyle.Loops)]
    public partial class NoLayersLoops : IGeneratedNetwork
    {
    }
}

namespace NetGen.Tests.Networks
{
    /// <summary>An MNIST-sized classifier: 101,770 parameters, loop form.</summary>
    [Network(784, Loss = Loss.SoftmaxCrossEntropy)]
    [Dense(128, Activation.ReLU)]
    [Dense(10)]
    public partial class Mnist : ISoftmaxNetwork
    {
    }
}
