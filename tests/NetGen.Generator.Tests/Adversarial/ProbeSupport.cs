namespace NetGen.Tests.Adversarial;

/// <summary>
/// Source added to every adversarial compilation: checks a generated result against central finite
/// differences from inside the compiled case, so that a probe returns an error measure (≤ 1e-6 passes).
/// </summary>
internal static class ProbeSupport
{
    public const string Source = """
        using System;

        namespace ProbeSupport;

        public delegate Span<double> ParameterView();
        public delegate double Gradient1(double x, out double dx);
        public delegate double Gradient2(double x, double y, out double dx, out double dy);

        public static class Check
        {
            private const double H = 1e-6;

            /// <summary>Fills the parameters with fixed values in (−0.9, 0.9), none zero.</summary>
            public static void Fill(Span<double> parameters)
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    parameters[i] = 0.9 * Math.Sin(1.7 * i + 0.3) + (i % 2 == 0 ? 0.05 : -0.05);
                }
            }

            /// <summary>The largest error of a generated gradient against central differences (relative above 1).</summary>
            public static double Function(Func<double, double> f, Gradient1 gradient, double x)
            {
                double value = gradient(x, out double dx);
                double fd = (f(x + H) - f(x - H)) / (2 * H);
                return Math.Max(Math.Abs(value - f(x)), Math.Abs(dx - fd) / Math.Max(1.0, Math.Abs(fd)));
            }

            public static double Function(Func<double, double, double> f, Gradient2 gradient, double x, double y)
            {
                double value = gradient(x, y, out double dx, out double dy);
                double fx = (f(x + H, y) - f(x - H, y)) / (2 * H);
                double fy = (f(x, y + H) - f(x, y - H)) / (2 * H);
                return Math.Max(Math.Abs(value - f(x, y)), Math.Max(Math.Abs(dx - fx) / Math.Max(1.0, Math.Abs(fx)), Math.Abs(dy - fy) / Math.Max(1.0, Math.Abs(fy))));
            }

            /// <summary>Fills the parameters, then compares the batch gradient of one sample with central differences of the loss.</summary>
            public static double Network(ParameterView parameters, Func<double> loss, Func<double[], double> gradient)
            {
                Fill(parameters());
                var g = new double[parameters().Length];
                double l = gradient(g);
                double error = Math.Abs(l - loss()) / Math.Max(1.0, Math.Abs(l));
                for (int i = 0; i < Math.Min(g.Length, 64); i++)
                {
                    double keep = parameters()[i];
                    parameters()[i] = keep + H;
                    double plus = loss();
                    parameters()[i] = keep - H;
                    double minus = loss();
                    parameters()[i] = keep;
                    double fd = (plus - minus) / (2 * H);
                    error = Math.Max(error, Math.Abs(g[i] - fd) / Math.Max(1.0, Math.Abs(fd)));
                }

                return double.IsFinite(error) ? error : double.MaxValue;
            }
        }
        """;
}
