using System;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>The special functions of the new activations against published high-precision values (Abramowitz–Stegun, DLMF; 30+ digits).</summary>
public class SpecialTests
{
    private static void Near(double expected, double actual, double ulps, string what) =>
        Assert.True(Math.Abs(expected - actual) <= ulps * Math.Max(double.Epsilon, Math.Abs(expected) * 1.1102230246251565e-16),
            $"{what}: {actual:R}, expected {expected:R} ({Math.Abs(expected - actual) / (Math.Abs(expected) * 1.1102230246251565e-16):F1} ulp)");

    [Theory]
    [InlineData(0.5, 0.52049987781304653768274665389196452873645157575796)]
    [InlineData(1.0, 0.84270079294971486934122063508260925929606699796630)]
    [InlineData(2.0, 0.99532226501895273416206925636725292861089179704006)]
    [InlineData(1e-10, 1.1283791670955125739e-10)]
    [InlineData(2.5, 0.99959304798255504106043578426002508727965132259628)]
    [InlineData(3.5, 0.99999925690162765858422234433189878945598516017919)]
    public void ErfMatchesHighPrecisionValues(double x, double expected)
    {
        Near(expected, Special.Erf(x), 4, $"erf({x})");
        Near(-expected, Special.Erf(-x), 4, $"erf({-x})");
    }

    [Theory]
    [InlineData(0.5, 0.47950012218695346231725334610803547126354842424204)]
    [InlineData(2.0, 0.0046777349810472658379307436327470713891082029599399)]
    [InlineData(3.0, 2.2090496998585441372776129582320379847750015975068e-5)]
    [InlineData(5.0, 1.5374597944280348501883434853833788901180503147234e-12)]
    [InlineData(10.0, 2.0884875837625447570007862949577886115608181193212e-45)]
    public void ErfcKeepsItsRelativeAccuracyWhereItIsTiny(double x, double expected)
    {
        Near(expected, Special.Erfc(x), 8, $"erfc({x})");
        Near(2 - expected, Special.Erfc(-x), 4, $"erfc({-x})");
    }

    [Fact]
    public void ActivationsAtTheirHardPoints()
    {
        // GELU(1) = Φ(1) = 0.8413447460685429485852325456320379224779...; GELU(−5) = −5·Φ(−5), Φ(−5) = 2.8665157187919391167375233287464e-7.
        Near(0.84134474606854294858523254563203792, Special.Gelu(1.0), 4, "GELU(1)");
        Near(-5 * 2.8665157187919391167375233287464e-7, Special.Gelu(-5.0), 16, "GELU(−5)");
        Assert.Equal(0.0, Special.Gelu(-40.0));
        Assert.Equal(0.5, Special.GeluDerivative(0.0));
        // e^x − 1 near 0: 1e-10 + 5e-21 + …; ELU there equals it.
        Near(1.00000000005000000000166666666671e-10, Special.ExpMinusOne(1e-10), 2, "expm1(1e-10)");
        Near(-9.9999999995000000000166666666663e-11, Special.Elu(-1e-10), 2, "ELU(−1e-10)");
        Near(-0.63212055882855767840447622983853913, Special.Elu(-1.0), 2, "ELU(−1)");
        // softplus: log 2 at 0; finite and exact far out (log(1 + e^1000) = 1000, log(1 + e^−1000) = e^−1000 underflows to 0).
        Near(0.69314718055994530941723212145817657, Special.Softplus(0.0), 1, "softplus(0)");
        Assert.Equal(1000.0, Special.Softplus(1000.0));
        Assert.Equal(0.0, Special.Softplus(-1000.0));
        Near(4.5398899216864646769487829307105597e-5, Special.Softplus(-10.0), 4, "softplus(−10)"); // log(1 + e^−10), 40 digits by Python's decimal
        Assert.Equal(1.0, Special.Sigmoid(1000.0));
        Assert.Equal(0.0, Special.Sigmoid(-1000.0));
        Assert.Equal(0.0, Special.Silu(double.NegativeInfinity));
        Assert.True(double.IsNaN(Special.Gelu(double.NaN)) && double.IsNaN(Special.Elu(double.NaN)) && double.IsNaN(Special.Softplus(double.NaN)));
    }
}
