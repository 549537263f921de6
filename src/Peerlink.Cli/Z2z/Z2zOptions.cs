using System.CommandLine;

namespace Peerlink.Cli.Z2z;

/// <summary>The options the z2z verbs share.</summary>
internal sealed class Z2zOptions
{
    public Option<string?> Key { get; } = new("--key") { Description = "The rendezvous key both sides agree on, e.g. columbia. Required." };

    public Option<string?> Secret { get; } = new("--secret") { Description = "A passphrase both sides share: records are encrypted and authenticated with a key derived from it, so someone who knows only --key can neither read nor inject services." };

    public Option<string?> Interface { get; } = Dnssd.DnssdOptions.Interface();

    public Option<string> Via { get; } = new("--via") { Description = "HOST:PORT of an overlay peer to reach the rendezvous through.", DefaultValueFactory = _ => "127.0.0.1:7081" };

    public Option<string?> Rendezvous { get; } = new("--rendezvous") { Description = "Where the records meet: the Peerlink overlay at --via (the default), or opendht=http://HOST:PORT for an OpenDHT node's REST proxy (dhtnode --proxyserver PORT)." };

    public Option<string[]> Types { get; } = new("--type") { Description = "Import only these service types (repeat); all types by default." };

    public Option<bool> Json { get; } = Dnssd.DnssdOptions.Json();

    public void AddTo(Command command, bool withTypes, bool withInterface = true)
    {
        command.Options.Add(Key);
        command.Options.Add(Secret);
        if (withInterface)
        {
            command.Options.Add(Interface);
        }

        command.Options.Add(Via);
        command.Options.Add(Rendezvous);
        if (withTypes)
        {
            command.Options.Add(Types);
        }

        command.Options.Add(Json);
    }
}
