namespace Peerlink.Z2z.Engine;

/// <summary>What an importer asks its host to do.</summary>
public enum ImportActionKind
{
    /// <summary>Fetch every record under the key, then call <see cref="Importer.OnFetched"/> or <see cref="Importer.OnFetchFailed"/>.</summary>
    Fetch,

    /// <summary>Publish <see cref="ImportAction.Service"/> on the link.</summary>
    Advertise,

    /// <summary>Withdraw <see cref="ImportAction.Service"/> from the link (goodbye).</summary>
    Withdraw,
}

/// <summary>One thing an importer asks its host to do.</summary>
/// <param name="Kind">What.</param>
/// <param name="Service">The service, for Advertise and Withdraw.</param>
public sealed record ImportAction(ImportActionKind Kind, ImportedService? Service = null);
