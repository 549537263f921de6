using System.Net;
using Peerlink.Core;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>
/// Hand-written wire fragments (hex, one comment per field, from the diagrams in src/Peerlink.Wire and
/// draft-baset-p2psip-p2pp-01 §9) and the values they stand for, built by hand. Vectors are made by
/// concatenating these; nothing here is produced by the encoder.
/// </summary>
internal static class Fragments
{
    // ---- identifiers ---------------------------------------------------------------------------

    /// <summary>20-byte Source-ID / Peer-ID of the requesting peer "S".</summary>
    public const string S20 = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3";

    /// <summary>20-byte Response-ID / Peer-ID of the responding peer "R".</summary>
    public const string R20 = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3";

    /// <summary>20-byte Resource-ID "K".</summary>
    public const string K20 = "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3";

    /// <summary>20-byte lookup target "T".</summary>
    public const string T20 = "5555555555555555555555555555555555555555";

    /// <summary>The magic cookie 0x596ABF0D (§9.1).</summary>
    public const string Magic = "596abf0d";

    public static readonly NodeId S = Id(S20);
    public static readonly NodeId R = Id(R20);
    public static readonly NodeId K = Id(K20);
    public static readonly NodeId T = Id(T20);

    // ---- Address-Info ----------------------------------------------------------------------------

    /// <summary>Address-Info, one IPv4 UDP host candidate 192.0.2.1:7080. 19 bytes.</summary>
    public const string AddrS =
        "02 00 000f" // type 2 Address-Info | AB=00 reserved=0 | length 15
        + "01"       // Num = 1 candidate
        + "04"       // R=0 resv=000 IP-ver=0100 (IPv4)
        + "01"       // foundation 1
        + "02"       // component-ID 2 (P2PP)
        + "7e0000ff" // priority 0x7e0000ff
        + "00"       // TT=0000 UDP | HT=0000 host
        + "1ba8"     // port 7080
        + "c0000201"; // 192.0.2.1

    /// <summary>Address-Info, one IPv4 UDP host candidate 198.51.100.7:7080. 19 bytes.</summary>
    public const string AddrR =
        "02 00 000f" // type 2 | AB=00 | length 15
        + "01"       // Num = 1
        + "04"       // R=0 IPv4
        + "01 02"    // foundation 1, component 2
        + "7e0000ff" // priority
        + "00"       // UDP host
        + "1ba8"     // port 7080
        + "c6336407"; // 198.51.100.7

    public static IceCandidate HostS => new(IPAddress.Parse("192.0.2.1"), 7080, CandidateTransport.Udp, CandidateType.Host, 1, 2, 0x7e0000ff);

    public static IceCandidate HostR => new(IPAddress.Parse("198.51.100.7"), 7080, CandidateTransport.Udp, CandidateType.Host, 1, 2, 0x7e0000ff);

    public static AddressInfo AddrSValue => new([HostS]);

    public static AddressInfo AddrRValue => new([HostR]);

    // ---- Peer-Info -------------------------------------------------------------------------------

    /// <summary>Peer-Info of S: Peer-ID + Address-Info. 47 bytes.</summary>
    public const string PiS =
        "00 00 002b"       // type 0 Peer-Info | AB=00 | length 43 = 24 + 19
        + "01 00 0014" + S20 // Peer-ID, length 20
        + AddrS;             // Address-Info (19)

    /// <summary>Peer-Info of R: Peer-ID + Address-Info. 47 bytes.</summary>
    public const string PiR =
        "00 00 002b"       // type 0 Peer-Info | length 43
        + "01 00 0014" + R20 // Peer-ID
        + AddrR;             // Address-Info

    /// <summary>Peer-Info with only an Address-Info (an originator without an ID yet). 23 bytes.</summary>
    public const string PiA =
        "00 00 0013" // type 0 Peer-Info | length 19
        + AddrS;     // Address-Info

    public static PeerInfo PiSValue => new(S, AddrSValue);

    public static PeerInfo PiRValue => new(R, AddrRValue);

    public static PeerInfo PiAValue => new(null, AddrSValue);

    // ---- small objects ---------------------------------------------------------------------------

    /// <summary>Request-Options with N (send neighbour table). 8 bytes.</summary>
    public const string ReqOptsN = "06 00 0004" + "20000000"; // type 6 | length 4 | P=0 R=0 N=1 ...

    /// <summary>Request-Options with R and N. 8 bytes.</summary>
    public const string ReqOptsRN = "06 00 0004" + "60000000"; // 0110 0000 ...: R=1 N=1

    /// <summary>Request-Options with L (route log). 8 bytes.</summary>
    public const string ReqOptsL = "06 00 0004" + "02000000"; // 0000 0010: bit 6 = L

    /// <summary>Request-Options with P (primary). 8 bytes.</summary>
    public const string ReqOptsP = "06 00 0004" + "80000000"; // 1000 0000: P

    /// <summary>Request-Options with no flag. 8 bytes.</summary>
    public const string ReqOptsNone = "06 00 0004" + "00000000";

    /// <summary>Expires 3600 s. 8 bytes.</summary>
    public const string Expires3600 = "0e 00 0004" + "00000e10"; // type 14 | length 4 | 3600

    /// <summary>Certificate-Signing-Request (5 DER bytes). 9 bytes.</summary>
    public const string Csr = "10 00 0005" + "3003020101"; // type 16 | length 5 | SEQUENCE { INTEGER 1 }

    /// <summary>Password H(password) (4 bytes here). 8 bytes.</summary>
    public const string PasswordHex = "1a 00 0004" + "5e884898"; // type 26 | length 4 | hash

    /// <summary>Certificate, server-signed, 5 DER bytes. 10 bytes.</summary>
    public const string CertServer = "11 00 0006" + "01" + "3003020102"; // type 17 | length 6 | sub-type 1 | DER

    /// <summary>P2P-Options: SHA-1, 20, Pastry, base 4, overlay "peerlink". 17 bytes.</summary>
    public const string P2pOpts =
        "05 00 000d"   // type 5 P2P-Options | length 13
        + "01"         // Hash-Algorithm 1 = SHA-1
        + "14"         // H-Algorithm-Len 20
        + "03"         // P2P-Algorithm 3 = Pastry
        + "04"         // Base 4
        + "08"         // OverlayID-Len 8
        + "706565726c696e6b"; // "peerlink"

    /// <summary>PLookup exact, Num=1, target T. 25 bytes.</summary>
    public const string PLookupExact =
        "0a 00 0015" // type 10 PLookup | length 21
        + "06"       // Num=000001 E=1 R=0
        + T20;       // Peer-IDa

    /// <summary>RLookup User-Info/0 for K, no owner. 30 bytes.</summary>
    public const string RLookupK =
        "0c 00 001a"         // type 12 RLookup | length 26
        + "00"               // Cont-type 0 User-Info
        + "00"               // Sub-type 0
        + "0b 00 0014" + K20; // Resource-ID TLV

    /// <summary>Resource-Object User-Info/1 under K, value "hello", Owner "alic", Expires 3600. 53 bytes.</summary>
    public const string ResObj =
        "0d 00 0031"          // type 13 Resource-Object | length 49 = 2 + 24 + 2 + 5 + 8 + 8
        + "00"                // Cont-type 0 User-Info
        + "01"                // Sub-type 1
        + "0b 00 0014" + K20  // Resource-ID TLV (24)
        + "0005"              // value length 5
        + "68656c6c6f"        // "hello"
        + "0f 00 0004 616c6963" // Owner "alic" (8)
        + Expires3600;          // Expires 3600 (8)

    /// <summary>Time-Window 600 s. 8 bytes.</summary>
    public const string TimeWindowHex = "13 00 0004" + "00000258";

    /// <summary>Connections 3 neighbours, 16 routing peers, 2 clients. 10 bytes.</summary>
    public const string ConnectionsHex = "14 00 0006" + "0003" + "0010" + "0002";

    /// <summary>Node-Resource-Utilization 10000 kbit/s, CPU 25 %, BW 5 %. 10 bytes.</summary>
    public const string UtilizationHex = "15 00 0006" + "00002710" + "19" + "05";

    /// <summary>Messages-Received: Join 42, responses 256. 12 bytes.</summary>
    public const string MessagesReceivedHex = "16 00 0008" + "03 00002a" + "fe 000100";

    /// <summary>AS-Number 65000. 8 bytes.</summary>
    public const string AsNumberHex = "17 00 0004" + "0000fde8";

    /// <summary>Diagnostic-Options asking for Time-Window, Connections, Messages-Received. 7 bytes.</summary>
    public const string DiagOpts = "07 00 0003" + "13 14 16";

    /// <summary>Neighbor-Table holding Peer-Info of S. 52 bytes.</summary>
    public const string NeighborTableS = "09 00 0030" + "01" + PiS; // length 48 = 1 + 47

    public static Bytes Hello => B("68656c6c6f");

    public static Bytes Alic => B("616c6963");

    public static ResourceObject ResObjValue => new(ContentType.UserInfo, 1, K, Hello) { Owner = Alic, Expires = 3600 };

    public static Certificate CertServerValue => new(CertificateKind.ServerSigned, B("3003020102"));

    public static P2pOptions P2pOptsValue => new(HashAlgorithmCode.Sha1, 20, OverlayAlgorithm.Pastry, 4, Bytes.FromUtf8("peerlink"));
}
