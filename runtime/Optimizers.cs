using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>Updates parameters from their gradient, over the number type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The number type of the parameters.</typeparam>
public interface IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step size η; a schedule may change it between steps.</summary>
    double LearningRate { get; set; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradient"/> (same length). Allocates nothing.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient);
}

/// <summary>An optimizer of <see cref="double"/> parameters.</summary>
public interface IOptimizer : IOptimizer<double>
{
}

/// <summary>The state every optimizer here shares: its size and learning rate, checked once.</summary>
/// <typeparam name="T">The number type of the parameters.</typeparam>
public abstract class Optimizer<T> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private double _learningRate;

    /// <summary>Checks the arguments every optimizer takes.</summary>
    protected Optimizer(int parameterCount, double learningRate, double weightDecay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        CheckNonNegative(weightDecay, nameof(weightDecay));
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The number of parameters this optimizer's state was sized for.</summary>
    public int ParameterCount { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite or negative.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            CheckNonNegative(value, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterCount"/>, or the two overlap.</exception>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Guard.Length(nameof(parameters), parameters.Length, ParameterCount);
        Guard.Length(nameof(gradient), gradient.Length, ParameterCount);
        if (parameters.Overlaps(gradient))
        {
            throw new ArgumentException("'parameters' overlaps 'gradient'; pass separate buffers. Nothing was written.", nameof(parameters));
        }

        Steps++;
        Update(parameters, gradient, Steps);
    }

    /// <summary>The update rule, with arguments checked; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long step);

    /// <summary>Throws for NaN, infinite or negative hyperparameters.</summary>
    protected static void CheckNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be a finite number ≥ 0.");
        }
    }
}

/// <summary>
/// Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum, with
/// exactly the update of <c>torch.optim.SGD</c>: g ← g + λθ; b ← g on the first step, else
/// b ← μb + (1 − τ)g; g ← g + μb (Nesterov) or g ← b; θ ← θ − ηg.
/// </summary>
/// <typeparam name="T">The number type of the parameters.</typeparam>
public class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    /// <summary>Creates the optimizer; its state (one buffer when momentum is used) is allocated here, once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum, or with dampening (as PyTorch).</exception>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameterCount, learningRate, weightDecay)
    {
        CheckNonNegative(momentum, nameof(momentum));
        CheckNonNegative(dampening, nameof(dampening));
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        _momentumBuffer = momentum != 0 ? new T[parameterCount] : Array.Empty<T>();
    }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long step)
    {
        T lr = T.CreateTruncating(LearningRate), decay = T.CreateTruncating(WeightDecay);
        T mu = T.CreateTruncating(Momentum), keep = T.CreateTruncating(1.0 - Dampening);
        bool first = step == 1, momentum = Momentum != 0;
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradient);
        ref T b = ref MemoryMarshal.GetArrayDataReference(_momentumBuffer);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<T>(lr);
            var vdecay = new Vector<T>(decay);
            var vmu = new Vector<T>(mu);
            var vkeep = new Vector<T>(keep);
            for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> vp = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<T> vg = Vector.LoadUnsafe(ref g, (nuint)i);
                if (WeightDecay != 0)
                {
                    vg += vdecay * vp;
                }

                if (momentum)
                {
                    Vector<T> vb = first ? vg : (vmu * Vector.LoadUnsafe(ref b, (nuint)i)) + (vkeep * vg);
                    vb.StoreUnsafe(ref b, (nuint)i);
                    vg = Nesterov ? vg + (vmu * vb) : vb;
                }

                (vp - (vlr * vg)).StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < parameters.Length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = Unsafe.Add(ref g, i);
            if (WeightDecay != 0)
            {
                gi += decay * pi;
            }

            if (momentum)
            {
                ref T bi = ref Unsafe.Add(ref b, i);
                bi = first ? gi : (mu * bi) + (keep * gi);
                gi = Nesterov ? gi + (mu * bi) : bi;
            }

            Unsafe.Add(ref p, i) = pi - (lr * gi);
        }
    }
}

/// <summary>Stochastic gradient descent over <see cref="double"/>; see <see cref="Sgd{T}"/>.</summary>
public sealed class Sgd : Sgd<double>, IOptimizer
{
    /// <inheritdoc cref="Sgd{T}.Sgd(int, double, double, double, double, bool)"/>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameterCount, learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }
}

/// <summary>
/// Adam, with exactly the update of <c>torch.optim.Adam</c> (and, with decoupled weight decay, of
/// <c>torch.optim.AdamW</c>): t ← t + 1; g ← g + λθ (Adam) or θ ← θ(1 − ηλ) (AdamW);
/// m ← m + (1 − β₁)(g − m); v ← β₂v + (1 − β₂)g²; v̂ ← max(v̂, v) with AMSGrad;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
/// <typeparam name="T">The number type of the parameters.</typeparam>
public class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _m;
    private readonly T[] _v;
    private readonly T[] _vMax;
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer; its state (m, v, and v̂ for AMSGrad) is allocated here, once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is NaN, infinite or out of range (β outside [0, 1)).</exception>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool amsGrad = false)
        : this(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, decoupled: false)
    {
    }

    /// <summary>For AdamW: <paramref name="decoupled"/> applies the weight decay to θ directly.</summary>
    private protected Adam(int parameterCount, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool amsGrad, bool decoupled)
        : base(parameterCount, learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "'beta1' must be in [0, 1).");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "'beta2' must be in [0, 1).");
        }

        CheckNonNegative(epsilon, nameof(epsilon));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        AmsGrad = amsGrad;
        _decoupled = decoupled;
        _m = new T[parameterCount];
        _v = new T[parameterCount];
        _vMax = amsGrad ? new T[parameterCount] : Array.Empty<T>();
    }

    /// <summary>β₁, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long step)
    {
        // The scalars as PyTorch forms them (in double, as Python floats), then in T.
        double biasCorrection1 = 1.0 - Math.Pow(Beta1, step);
        double biasCorrection2 = 1.0 - Math.Pow(Beta2, step);
        T stepSize = T.CreateTruncating(LearningRate / biasCorrection1);
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2));
        T oneMinusB1 = T.CreateTruncating(1.0 - Beta1);
        T b2 = T.CreateTruncating(Beta2), oneMinusB2 = T.CreateTruncating(1.0 - Beta2);
        T eps = T.CreateTruncating(Epsilon);
        T decay = T.CreateTruncating(_decoupled ? 1.0 - (LearningRate * WeightDecay) : WeightDecay);
        bool l2 = !_decoupled && WeightDecay != 0, decoupled = _decoupled && WeightDecay != 0;

        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradient);
        ref T m = ref MemoryMarshal.GetArrayDataReference(_m);
        ref T v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref T vMax = ref MemoryMarshal.GetArrayDataReference(_vMax);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vStep = new Vector<T>(stepSize);
            var vBc2 = new Vector<T>(bc2Sqrt);
            var vOneMinusB1 = new Vector<T>(oneMinusB1);
            var vB2 = new Vector<T>(b2);
            var vOneMinusB2 = new Vector<T>(oneMinusB2);
            var vEps = new Vector<T>(eps);
            var vDecay = new Vector<T>(decay);
            for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> vp = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<T> vg = Vector.LoadUnsafe(ref g, (nuint)i);
                if (l2)
                {
                    vg += vDecay * vp;
                }
                else if (decoupled)
                {
                    vp *= vDecay;
                }

                Vector<T> vm = Vector.LoadUnsafe(ref m, (nuint)i);
                vm += vOneMinusB1 * (vg - vm); // m.lerp_(g, 1 − β₁), as PyTorch computes it
                Vector<T> vv = (vB2 * Vector.LoadUnsafe(ref v, (nuint)i)) + (vOneMinusB2 * vg * vg);
                vm.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
                if (AmsGrad)
                {
                    vv = Vector.Max(Vector.LoadUnsafe(ref vMax, (nuint)i), vv);
                    vv.StoreUnsafe(ref vMax, (nuint)i);
                }

                Vector<T> denominator = (Vector.SquareRoot(vv) / vBc2) + vEps;
                (vp - (vStep * (vm / denominator))).StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < parameters.Length; i++)
        {
            T pi = Unsafe.Add(ref p, i);
            T gi = Unsafe.Add(ref g, i);
            if (l2)
            {
                gi += decay * pi;
            }
            else if (decoupled)
            {
                pi *= decay;
            }

            ref T mi = ref Unsafe.Add(ref m, i);
            ref T vi = ref Unsafe.Add(ref v, i);
            mi += oneMinusB1 * (gi - mi);
            vi = (b2 * vi) + (oneMinusB2 * gi * gi);
            T second = vi;
            if (AmsGrad)
            {
                ref T vMaxI = ref Unsafe.Add(ref vMax, i);
                vMaxI = T.Max(vMaxI, vi);
                second = vMaxI;
            }

            T denominator = (T.Sqrt(second) / bc2Sqrt) + eps;
            Unsafe.Add(ref p, i) = pi - (stepSize * (mi / denominator));
        }
    }
}

/// <summary>Adam over <see cref="double"/>; see <see cref="Adam{T}"/>.</summary>
public sealed class Adam : Adam<double>, IOptimizer
{
    /// <inheritdoc cref="Adam{T}.Adam(int, double, double, double, double, double, bool)"/>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool amsGrad = false)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad)
    {
    }
}

/// <summary>
/// AdamW: Adam with decoupled weight decay, θ ← θ(1 − ηλ) before the Adam step, exactly as
/// <c>torch.optim.AdamW</c> (default λ = 0.01).
/// </summary>
/// <typeparam name="T">The number type of the parameters.</typeparam>
public class AdamW<T> : Adam<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer; its state is allocated here, once.</summary>
    public AdamW(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2, bool amsGrad = false)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, decoupled: true)
    {
    }
}

/// <summary>AdamW over <see cref="double"/>; see <see cref="AdamW{T}"/>.</summary>
public sealed class AdamW : AdamW<double>, IOptimizer
{
    /// <inheritdoc cref="AdamW{T}.AdamW(int, double, double, double, double, double, bool)"/>
    public AdamW(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2, bool amsGrad = false)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad)
    {
    }
}
