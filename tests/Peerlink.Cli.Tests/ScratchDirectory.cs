namespace Peerlink.Cli.Tests;

/// <summary>A fresh temporary directory for a test's files (plots), deleted with everything in it.</summary>
/// <param name="prefix">The start of its name, which says whose it is when one is left behind.</param>
internal sealed class ScratchDirectory(string prefix) : IDisposable
{
    /// <summary>The directory's full path.</summary>
    public string FullName { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>A path in it; <paramref name="names"/> are joined below the directory.</summary>
    public string PathOf(params string[] names) => Path.Combine([FullName, .. names]);

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
