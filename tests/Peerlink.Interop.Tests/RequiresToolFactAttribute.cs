namespace Peerlink.Interop.Tests;

/// <summary>
/// A <see cref="FactAttribute"/> that skips, and says why, when an external program the test drives
/// is not on PATH. xunit 2 has no dynamic skip, so the decision is made when the attribute is built.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <paramref name="tool"/> is found on PATH.</summary>
    /// <param name="tool">The program's file name, e.g. "tshark".</param>
    public RequiresToolFactAttribute(string tool)
    {
        Tool = tool;
        if (ExternalTool.Find(tool) is null)
        {
            Skip = $"{tool} not installed: run ./test.sh, which installs it";
        }
    }

    /// <summary>The program the test needs.</summary>
    public string Tool { get; }
}
