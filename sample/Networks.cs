namespace NetGen.Sample;

/// <summary>The 2-3-1 ReLU network of the assignment's first question.</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class AssignmentNet
{
}

/// <summary>The softmax layer alone: its input gradient is ∂E/∂y of the assignment's second question.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
public partial class SoftmaxLayer
{
}

/// <summary>The function of the assignment's third question.</summary>
public static partial class Quadratic
{
    /// <summary>f(x) = 5x² + 2; <c>Order = 2</c> also generates FHessian, whose f'' bounds the learning rate.</summary>
    [Differentiable(Order = 2)]
    public static double F(double x) => 5 * x * x + 2;
}
