namespace Peerlink.Overlay.Storage;

/// <summary>What a publish or remove did; the engine maps it to a response code.</summary>
public enum StoreOutcome
{
    /// <summary>A new object was stored (200).</summary>
    Stored,

    /// <summary>The owner's object under this key was replaced or refreshed (200).</summary>
    Replaced,

    /// <summary>The object was removed (200).</summary>
    Removed,

    /// <summary>No such object (404).</summary>
    NotFound,

    /// <summary>The requester is not the object's owner (406, §7.2.2 permissions).</summary>
    NotOwner,

    /// <summary>The store is full or the object too large (405 Error inserting object, §7.2.3 quota).</summary>
    QuotaExceeded,
}
