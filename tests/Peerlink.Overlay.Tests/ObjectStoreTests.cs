using Peerlink.Core;
using Peerlink.Overlay.Storage;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class ObjectStoreTests
{
    private static readonly NodeId Key = IdHash.ToId(HashAlgorithmCode.Sha1, "alice@example.com");
    private static readonly Bytes Alice = Bytes.FromUtf8("alice");
    private static readonly Bytes Mallory = Bytes.FromUtf8("mallory");

    private static ResourceObject Obj(string value, uint? expires = 60) =>
        new(ContentType.UserInfo, 0, Key, Bytes.FromUtf8(value)) { Expires = expires };

    private static RLookup Query(Bytes? owner = null) => new(ContentType.UserInfo, 0, Key, owner);

    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Publish_ThenLookup_ReturnsTheValueOwnedByThePublisherWithRemainingLifetime()
    {
        var store = new ObjectStore();

        Assert.Equal(StoreOutcome.Stored, store.Publish(S(0), Obj("sip:alice@192.0.2.1"), Alice));
        var found = Assert.Single(store.Lookup(S(20), Query()));

        Assert.Equal(Bytes.FromUtf8("sip:alice@192.0.2.1"), found.Value);
        Assert.Equal(Alice, found.Owner);
        Assert.Equal(40u, found.Expires);
    }

    [Fact]
    public void Publish_SameOwnerAgain_ReplacesAndKeepsOneObject()
    {
        var store = new ObjectStore();
        store.Publish(S(0), Obj("old"), Alice);

        Assert.Equal(StoreOutcome.Replaced, store.Publish(S(1), Obj("new"), Alice));
        Assert.Equal(Bytes.FromUtf8("new"), Assert.Single(store.Lookup(S(1), Query())).Value);
        Assert.Equal(1, store.Count);
        Assert.Equal(3, store.Bytes);
    }

    [Fact]
    public void Publish_OtherOwnerSameKey_StoresBesideAndLookupWithoutOwnerReturnsBoth()
    {
        var store = new ObjectStore();
        store.Publish(S(0), Obj("a"), Alice);
        store.Publish(S(0), Obj("m"), Mallory);

        Assert.Equal(2, store.Lookup(S(0), Query()).Count);
        Assert.Equal(Bytes.FromUtf8("a"), Assert.Single(store.Lookup(S(0), Query(Alice))).Value);
    }

    [Fact]
    public void Publish_ClaimingAnotherOwner_IsRefusedAndChangesNothing()
    {
        var store = new ObjectStore();
        store.Publish(S(0), Obj("a"), Alice);

        var outcome = store.Publish(S(1), Obj("forged") with { Owner = Alice }, Mallory);

        Assert.Equal(StoreOutcome.NotOwner, outcome);
        Assert.Equal(Bytes.FromUtf8("a"), Assert.Single(store.Lookup(S(1), Query())).Value);
    }

    [Fact]
    public void Remove_ByOwner_RemovesAndByOtherIsRefused()
    {
        var store = new ObjectStore();
        store.Publish(S(0), Obj("a"), Alice);

        Assert.Equal(StoreOutcome.NotOwner, store.Remove(Obj("x") with { Owner = Alice }, Mallory));
        Assert.Equal(StoreOutcome.NotFound, store.Remove(Obj("x"), Mallory));
        Assert.Equal(StoreOutcome.Removed, store.Remove(Obj("x"), Alice));
        Assert.Empty(store.Lookup(S(0), Query()));
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public void Lookup_AfterExpiry_FindsNothingAndExpireDropsIt()
    {
        var store = new ObjectStore();
        store.Publish(S(0), Obj("a", expires: 10), Alice);

        Assert.Single(store.Lookup(S(9.9), Query()));
        Assert.Empty(store.Lookup(S(10), Query()));
        Assert.Equal(1, store.Expire(S(10)));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Publish_LifetimeOverTheMaximum_IsCut()
    {
        var store = new ObjectStore(new StoreLimits { MaxLifetime = TimeSpan.FromMinutes(5) });
        store.Publish(S(0), Obj("a", expires: 86_400), Alice);

        Assert.Equal(300u, Assert.Single(store.Lookup(S(0), Query())).Expires);
    }

    [Fact]
    public void Publish_NoExpires_GetsTheDefaultLifetime()
    {
        var store = new ObjectStore(new StoreLimits { DefaultLifetime = TimeSpan.FromSeconds(30) });
        store.Publish(S(0), Obj("a", expires: null), Alice);

        Assert.Equal(30u, Assert.Single(store.Lookup(S(0), Query())).Expires);
    }

    [Fact]
    public void Publish_OverQuota_IsRefusedAndNothingIsLost()
    {
        var store = new ObjectStore(new StoreLimits { MaxObjects = 1, MaxBytes = 10 });
        store.Publish(S(0), Obj("12345"), Alice);

        Assert.Equal(StoreOutcome.QuotaExceeded, store.Publish(S(0), Obj("x"), Mallory));
        Assert.Equal(StoreOutcome.QuotaExceeded, store.Publish(S(0), Obj("12345678901"), Alice));
        Assert.Equal(Bytes.FromUtf8("12345"), Assert.Single(store.Lookup(S(0), Query())).Value);
    }

    [Fact]
    public void Accept_ReplicaWithLongerLife_ReplacesShorterOneButNotTheOtherWay()
    {
        var store = new ObjectStore();
        store.Accept(S(0), Obj("short", 10) with { Owner = Alice });

        store.Accept(S(0), Obj("long", 100) with { Owner = Alice });
        store.Accept(S(0), Obj("stale", 50) with { Owner = Alice });

        Assert.Equal(Bytes.FromUtf8("long"), Assert.Single(store.Lookup(S(0), Query())).Value);
    }

    [Fact]
    public void Accept_ReplicaWithoutOwner_IsRefused()
    {
        Assert.Equal(StoreOutcome.NotOwner, new ObjectStore().Accept(S(0), Obj("a")));
    }

    [Fact]
    public void Where_SelectsLiveObjectsByResourceId()
    {
        var store = new ObjectStore();
        var other = new ResourceObject(ContentType.UserInfo, 0, NodeId.FromUInt64(1, 20), Bytes.FromUtf8("o")) { Expires = 5 };
        store.Publish(S(0), Obj("a"), Alice);
        store.Publish(S(0), other, Alice);

        var picked = store.Where(S(1), id => id == Key).ToList();

        Assert.Equal(Key, Assert.Single(picked).ResourceId);
        Assert.Empty(store.Where(S(6), id => id != Key));
    }
}
