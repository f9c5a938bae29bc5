using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks;

/// <summary>
/// The ratio of a benchmark's median to its baseline's median. This machine (a shared 2-core VM)
/// has bursts of host noise that slow a few consecutive iterations by up to 2×; BenchmarkDotNet's
/// Ratio column is a mean and takes them in, while the median of 15 iterations is unmoved by bursts
/// that cover fewer than half of them. Both columns are shown; neither is chosen per benchmark.
/// </summary>
public sealed class MedianRatioColumn : IColumn
{
    public static readonly IColumn Instance = new MedianRatioColumn();

    public string Id => nameof(MedianRatioColumn);

    public string ColumnName => "Ratio (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median of this benchmark divided by the median of its baseline (robust to bursts of host noise)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? current = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return current is { } c && reference is { } r && r > 0
            ? (c / r).ToString(c / r >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture)
            : "?";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
