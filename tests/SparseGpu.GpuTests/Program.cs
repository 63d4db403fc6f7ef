using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SparseGpu.GpuTests;

/// <summary>
/// Runs conformance test classes without the .NET SDK, for a GPU machine that has only the self-contained bundle of
/// experiments/gpu-check: `SparseGpu.GpuTests [--no-skips] [--smoke] CLASS...` runs each class (full name, from this
/// assembly or from SparseGpu.Tests beside it) through xunit's own test framework, prints one flushed line per test
/// as it ends (so a run cut short by a timeout still shows how far it got) and a summary, and exits 1 if a test
/// failed, or was skipped when --no-skips is given (a skipped CUDA test means there was no CUDA device, which the
/// check must not take for a pass). --smoke runs only the first case of each test method: every kind of operation
/// once, in a fraction of the time. `dotnet test` ignores this entry point.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool noSkips = args.Contains("--no-skips");
        bool smoke = args.Contains("--smoke");
        string[] classes = args.Where(a => a is not ("--no-skips" or "--smoke")).ToArray();
        string? unknown = classes.FirstOrDefault(a => a.StartsWith('-'));
        if (classes.Length == 0 || unknown is not null)
        {
            if (unknown is not null)
                Console.Error.WriteLine($"error: unknown option {unknown}");
            Console.Error.WriteLine(
                "usage: SparseGpu.GpuTests [--no-skips] [--smoke] TEST-CLASS...   "
                    + "e.g. SparseGpu.GpuTests.CudaConformanceTests"
            );
            return 2;
        }
        var total = new Tally();
        foreach (string name in classes)
        {
            Assembly? assembly = AssemblyOf(name);
            if (assembly is null)
            {
                Console.Error.WriteLine($"error: no test class {name}");
                return 2;
            }
            Tally tally = RunClass(assembly, name, smoke);
            Console.WriteLine($"{name}: {tally.Passed} passed, {tally.Failed} failed, {tally.Skipped} skipped");
            total.Add(tally);
        }
        Console.WriteLine($"{total.Passed} passed, {total.Failed} failed, {total.Skipped} skipped");
        if (total.Count == 0)
            Console.Error.WriteLine("error: no tests ran");
        return total.Failed > 0 || (noSkips && total.Skipped > 0) || total.Count == 0 ? 1 : 0;
    }

    private static Assembly? AssemblyOf(string className)
    {
        foreach (string file in new[] { "SparseGpu.GpuTests.dll", "SparseGpu.Tests.dll" })
        {
            string path = Path.Combine(AppContext.BaseDirectory, file);
            if (!File.Exists(path))
                continue;
            Assembly assembly = Assembly.LoadFrom(path);
            if (assembly.GetType(className) is not null)
                return assembly;
        }
        return null;
    }

    /// <summary>Discovers the assembly's tests, keeps the class's (with <paramref name="smoke"/>, the first case of
    /// each method), and runs them one at a time.</summary>
    private static Tally RunClass(Assembly assembly, string className, bool smoke)
    {
        var diagnostics = new Sink();
        using var framework = new XunitTestFramework(diagnostics);
        var options = new Options();
        options.SetValue("xunit.execution.DisableParallelization", true);

        var discovery = new Sink();
        using (var discoverer = framework.GetDiscoverer(new ReflectionAssemblyInfo(assembly)))
        {
            discoverer.Find(false, discovery, options);
            discovery.Finished.WaitOne();
        }
        var cases = discovery.TestCases.Where(c => c.TestMethod.TestClass.Class.Name == className).ToList();
        if (smoke)
            cases = cases.GroupBy(c => c.TestMethod.Method.Name).Select(g => g.First()).ToList();
        Console.WriteLine($"{className}: {cases.Count} tests");
        Console.Out.Flush();

        var execution = new Sink(cases.Count);
        using (var executor = framework.GetExecutor(assembly.GetName()))
        {
            executor.RunTests(cases, execution, options);
            execution.Finished.WaitOne();
        }
        return execution.Tally;
    }

    private sealed class Tally
    {
        public int Passed;
        public int Failed;
        public int Skipped;

        public int Count => Passed + Failed + Skipped;

        public void Add(Tally other)
        {
            Passed += other.Passed;
            Failed += other.Failed;
            Skipped += other.Skipped;
        }
    }

    /// <summary>Collects discovered test cases and results; prints one line per finished test (flushed at once, so
    /// a run killed by a timeout keeps its counts); signals at the end of discovery or of the run.</summary>
    private sealed class Sink(int expected = 0) : LongLivedMarshalByRefObject, IMessageSink
    {
        public List<ITestCase> TestCases { get; } = [];
        public Tally Tally { get; } = new();
        public ManualResetEvent Finished { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestCaseDiscoveryMessage found:
                    TestCases.Add(found.TestCase);
                    break;
                case IDiscoveryCompleteMessage or ITestAssemblyFinished:
                    Finished.Set();
                    break;
                case ITestPassed passed:
                    Tally.Passed++;
                    Report("passed", passed, "");
                    break;
                case ITestFailed failed:
                    Tally.Failed++;
                    Report("FAILED", failed, $": {string.Join(" ", failed.Messages).ReplaceLineEndings(" ")}");
                    break;
                case ITestSkipped skipped:
                    Tally.Skipped++;
                    Report("skipped", skipped, $": {skipped.Reason}");
                    break;
            }
            return true;
        }

        private void Report(string outcome, ITestResultMessage result, string detail)
        {
            string seconds = result.ExecutionTime.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"  {outcome} {Tally.Count}/{expected} {result.Test.DisplayName} ({seconds} s){detail}");
            Console.Out.Flush();
        }
    }

    /// <summary>xunit's discovery and execution options: a plain key-value store.</summary>
    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = [];

        public TValue GetValue<TValue>(string name) =>
            _values.TryGetValue(name, out object? value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
