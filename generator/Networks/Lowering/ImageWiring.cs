using System.Collections.Generic;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator.Networks.Lowering;

/// <summary>
/// The value-by-value wiring of a convolution or pooling, for the straight-line form, where every value of an image
/// is a local: which input values (and which of the layer's weights) feed each output value, and the reverse.
/// Values are numbered channel-major (c, y, x), as the network's input and <c>torch.flatten</c> number them; a
/// convolution's weights as PyTorch lays them out, ((f·C + c)·K + i)·K + j.
/// </summary>
internal static class ImageWiring
{
    /// <summary>One input of an output value: the input value, and the weight (a convolution) or the position in the window (a pooling).</summary>
    public readonly record struct Tap(int Input, int Weight);

    /// <summary>One use of an input value: the output value it feeds, and through which weight (a convolution) or window position (a pooling).</summary>
    public readonly record struct Use(int Unit, int Weight);

    /// <summary>
    /// The taps of output value <paramref name="unit"/>: for a convolution the kernel positions that fall inside the
    /// image (zero padding contributes nothing), in (c, i, j) order; for a pooling the window's values in row-major order.
    /// </summary>
    public static List<Tap> Taps(LayerSpec layer, int unit)
    {
        var taps = new List<Tap>();
        (int filter, int oy, int ox) = Position(layer.Out, unit);
        bool conv = layer.Kind == LayerType.Conv2D;
        int k = layer.Kernel, stride = conv ? layer.Stride : k, padding = conv ? layer.Padding : 0;
        for (int c = conv ? 0 : filter; c < (conv ? layer.In.Channels : filter + 1); c++)
        {
            for (int i = 0; i < k; i++)
            {
                int y = (oy * stride) + i - padding;
                for (int j = 0; j < k; j++)
                {
                    int x = (ox * stride) + j - padding;
                    if (y >= 0 && y < layer.In.Height && x >= 0 && x < layer.In.Width)
                    {
                        int input = (((c * layer.In.Height) + y) * layer.In.Width) + x;
                        taps.Add(new Tap(input, conv ? ((((filter * layer.In.Channels) + c) * k) + i) * k + j : (i * k) + j));
                    }
                }
            }
        }

        return taps;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LayerSpec, List<Use>[]> s_uses = new();

    /// <summary><see cref="Uses"/>, made once per layer (the emitter asks for one input value at a time).</summary>
    public static List<Use>[] UsesOf(LayerSpec layer) => s_uses.GetValue(layer, Uses);

    /// <summary>For each input value, the output values it feeds (none for a pixel a stride or a pooling skips), in output order.</summary>
    public static List<Use>[] Uses(LayerSpec layer)
    {
        var uses = new List<Use>[layer.Inputs];
        for (int m = 0; m < uses.Length; m++)
        {
            uses[m] = new List<Use>();
        }

        for (int n = 0; n < layer.Units; n++)
        {
            foreach (Tap tap in Taps(layer, n))
            {
                uses[tap.Input].Add(new Use(n, tap.Weight));
            }
        }

        return uses;
    }

    /// <summary>
    /// At most how many taps the layer's output values have (every kernel position inside the image): the terms a
    /// straight-line convolution or pooling writes, computed without walking them and saturating, so that no size can wrap.
    /// </summary>
    public static long MostTaps(LayerSpec layer)
    {
        double taps = layer.Kind switch
        {
            LayerType.Conv2D => (double)layer.Units * layer.In.Channels * layer.Kernel * layer.Kernel,
            LayerType.Dense => 0,
            _ => (double)layer.Units * layer.Kernel * layer.Kernel,
        };
        return taps >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)taps; // in double: a pooling window near 2^31 squared would wrap
    }

    /// <summary>The filter (a convolution) or channel (a pooling) of output value <paramref name="unit"/>.</summary>
    public static int Channel(LayerSpec layer, int unit) => unit / layer.Out.Pixels;

    /// <summary>A convolution weight's local: <c>w{l}_f_c_i_j</c>.</summary>
    public static string WeightName(int l, LayerSpec layer, int weight)
    {
        int k = layer.Kernel;
        int j = weight % k, i = (weight / k) % k, c = (weight / (k * k)) % layer.In.Channels, f = weight / layer.Depth;
        return System.FormattableString.Invariant($"w{l}_{f}_{c}_{i}_{j}");
    }

    /// <summary>(channel, row, column) of value <paramref name="index"/> of <paramref name="image"/>.</summary>
    public static (int Channel, int Y, int X) Position(ImageSpec image, int index) =>
        (index / image.Pixels, index % image.Pixels / image.Width, index % image.Width);
}
