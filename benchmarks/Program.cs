using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks -- --filter '*'
// One job for every benchmark, short enough that the whole set runs in minutes on two cores;
// compare ratios within one run (the machine is noisy), never absolute times across runs.
// The median and its ratio sit beside BenchmarkDotNet's mean-based columns (see MedianRatioColumn).
// NETGEN_BENCH_LAUNCHES=3 runs each benchmark in three processes (one run, statistics over all three),
// for the small methods whose time moves between processes by more than the difference measured.
int launches = int.TryParse(Environment.GetEnvironmentVariable("NETGEN_BENCH_LAUNCHES"), out int l) && l > 0 ? l : 1;
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(4).WithIterationCount(15).WithLaunchCount(launches))
    .AddColumn(StatisticColumn.Median, NetGen.Benchmarks.MedianRatioColumn.Instance);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
