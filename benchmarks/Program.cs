using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks -- --filter '*'
// One job for every benchmark, short enough that the whole set runs in minutes on two cores;
// compare ratios within one run (the machine is noisy), never absolute times across runs.
// The median and its ratio sit beside BenchmarkDotNet's mean-based columns (see MedianRatioColumn).
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(4).WithIterationCount(15).WithLaunchCount(1))
    .AddColumn(StatisticColumn.Median, NetGen.Benchmarks.MedianRatioColumn.Instance);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
