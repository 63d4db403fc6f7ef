using SparseGpu.Data;

namespace SparseGpu.Tests.Data;

[Collection(EnvironmentCollection.Name)]
public sealed class DataDirectoryTests
{
    [Fact]
    public void The_option_wins_then_the_environment_then_the_user_cache()
    {
        string? saved = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, "/from/env");
            Assert.Equal(Path.GetFullPath("/from/option"), DataDirectory.Resolve("/from/option"));
            Assert.Equal(Path.GetFullPath("/from/env"), DataDirectory.Resolve(null));
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, null);
            Assert.Equal(DataDirectory.DefaultCacheDirectory(), DataDirectory.Resolve(null));
            Assert.EndsWith(Path.Combine("sparsegpu", "datasets"), DataDirectory.DefaultCacheDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, saved);
        }
    }
}

/// <summary>Tests that change process environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}
