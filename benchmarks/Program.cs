using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks -- --filter '*'
// One job for every benchmark, short enough that the whole set runs in minutes on two cores;
// compare ratios within one run (the machine is noisy), never absolute times across runs.
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(4).WithIterationCount(15).WithLaunchCount(1));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
