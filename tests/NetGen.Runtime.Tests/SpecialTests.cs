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

    /// <summary>
    /// erf and erfc across every interval of their fits and at each boundary (x = 1, 2, 4, 8 switch
    /// polynomials; erfc is denormal near 27), against mpmath at 40 digits — an engine independent of the
    /// fits, which were made at 60 digits by docs/scripts/erf_fit.py.
    /// </summary>
    [Theory]
    [InlineData(0.05, 0.05637197779701662695533251779847396, 0.943628022202983373044667482201526)]
    [InlineData(0.3, 0.328626759459127416189617985318203, 0.671373240540872583810382014681797)]
    [InlineData(0.84375, 0.7672256612323416334589781602741399, 0.2327743387676583665410218397258601)]
    [InlineData(0.99, 0.8385080695553697998187909148268438, 0.1614919304446302001812090851731562)]
    [InlineData(1.0, 0.8427007929497148693412206350826093, 0.1572992070502851306587793649173907)]
    [InlineData(1.01, 0.8468104962282767014998325917942565, 0.1531895037717232985001674082057435)]
    [InlineData(1.25, 0.9229001282564582301365234811972811, 0.07709987174354176986347651880271886)]
    [InlineData(1.5, 0.9661051464753107270669762616459479, 0.03389485352468927293302373835405214)]
    [InlineData(1.99, 0.9951114131996169970473154270644183, 0.004888586800383002952684572935581679)]
    [InlineData(2.0, 0.9953222650189527341620692563672529, 0.004677734981047265837930743632747071)]
    [InlineData(2.01, 0.9955248493552482370797929445175707, 0.004475150644751762920207055482429334)]
    [InlineData(2.5, 0.9995930479825550410604357842600251, 0.0004069520174449589395642157399749127)]
    [InlineData(2.857, 0.9999466417399131536288756974428907, 0.00005335826008684637112430255710933608)]
    [InlineData(3.3, 0.9999969422902035618348012373319773, 0.000003057709796438165198762668022710432)]
    [InlineData(3.99, 0.9999999832607886354791859427247344, 0.00000001673921136452081405727526564156116)]
    [InlineData(4.0, 0.9999999845827420997199811478403265, 0.00000001541725790028001885215967348688405)]
    [InlineData(4.01, 0.9999999858030605786289488269735313, 0.00000001419693942137105117302646872317736)]
    [InlineData(5.5, 0.9999999999999926421520820256019369, 7.35784791797439806306836239857009e-15)]
    [InlineData(7.0, 0.9999999999999999999999581617439222, 4.183825607779414398614010223899932e-23)]
    [InlineData(7.99, 0.9999999999999999999999999999868132, 1.318675289407676709698520065595219e-29)]
    [InlineData(8.0, 0.9999999999999999999999999999887757, 1.122429717298292707996788844317028e-29)]
    [InlineData(8.01, 0.999999999999999999999999999990448, 9.55199826160501495493541157200294e-30)]
    [InlineData(10.5, 1.0, 7.035928090177522686735314989983875e-50)]
    [InlineData(13.0, 1.0, 1.739557315466724521804198548243027e-75)]
    [InlineData(17.0, 1.0, 1.021228015094260881145599235077653e-127)]
    [InlineData(21.0, 1.0, 8.032453871022455669021356947138269e-194)]
    [InlineData(25.0, 1.0, 8.300172571196522752044012769513723e-274)]
    [InlineData(26.5, 1.0, 2.210907664263734275929239022915826e-307)]
    [InlineData(27.0, 1.0, 5.237048923789255685016067682849547e-319)]
    public void ErfAndErfcAcrossEveryIntervalOfTheirFits(double x, double erf, double erfc)
    {
        Near(erf, Special.Erf(x), 4, $"erf({x})");
        Near(-erf, Special.Erf(-x), 4, $"erf({-x})");
        Near(erfc, Special.Erfc(x), erfc < 1e-300 ? 1e6 : 6, $"erfc({x})"); // past 1e-308 a double has fewer digits
        Near(2 - erfc, Special.Erfc(-x), 4, $"erfc({-x})");
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
