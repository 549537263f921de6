namespace Peerlink.Wire;

/// <summary>Response codes, carried in the low 9 bits of the first header word (§9.4.1).</summary>
public enum ResponseCode : ushort
{
    /// <summary>No response code (requests, indications).</summary>
    None = 0,

    /// <summary>200 Ok.</summary>
    Ok = 200,

    /// <summary>302 Next Hop: iterative routing, or redirect of a client Join.</summary>
    NextHop = 302,

    /// <summary>400 Bad request: the request could not be parsed.</summary>
    BadRequest = 400,

    /// <summary>404 Not found.</summary>
    NotFound = 404,

    /// <summary>405 Error inserting object.</summary>
    ErrorInsertingObject = 405,

    /// <summary>406 Request rejected by policy.</summary>
    RequestRejected = 406,

    /// <summary>407 Join request deferred; retry after Expires.</summary>
    JoinDeferred = 407,

    /// <summary>410 TTL hops exceeded.</summary>
    TtlExceeded = 410,

    /// <summary>413 Message too large.</summary>
    MessageTooLarge = 413,

    /// <summary>418 Timeout of a recursively forwarded request.</summary>
    Timeout = 418,

    /// <summary>480 Alternative Service: retry over TCP (used in §5, absent from §9.4's table).</summary>
    AlternativeService = 480,
}
