namespace Peerlink.Cli;

/// <summary>One point of a <c>--sessions</c> churn sweep: a median session time, and how the user wrote it ("15m").</summary>
/// <param name="Median">The median of the exponential session times.</param>
/// <param name="Text">The text given, which tables and plots show back.</param>
internal sealed record MedianSession(TimeSpan Median, string Text);
