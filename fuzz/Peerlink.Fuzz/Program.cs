using SharpFuzz;

namespace Peerlink.Fuzz;

/// <summary>
/// The fuzz harness. Under afl-fuzz (see fuzz/run.sh) it runs SharpFuzz's out-of-process fork server;
/// run by hand it checks one input from standard input. Other modes:
/// <c>--make-corpus DIR</c> writes the seed messages, <c>--repro FILE...</c> checks files and prints
/// what each one throws. A leading <c>--target dns</c> (or mdns, z2z, stun, sip) picks another target than P2PP (the default).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var target = FuzzTarget.P2pp;
        if (args is ["--target", var name, .. var rest])
        {
            var found = FuzzTarget.Find(name);
            if (found is null)
            {
                Console.Error.WriteLine($"unknown target {name}; the targets are {string.Join(", ", FuzzTarget.All.Select(t => t.Name))}");
                return 2;
            }

            target = found;
            args = rest;
        }

        switch (args)
        {
            case ["--make-corpus", var dir]:
                target.WriteSeeds(dir);
                return 0;
            case ["--repro", .. var files] when files.Length > 0:
                return Repro(target, files);
            case []:
                // PEERLINK_FUZZ_CANARY=1 makes inputs that start with "CANARY" throw: a check that
                // afl-fuzz does see the harness's exceptions as crashes.
                var canary = Environment.GetEnvironmentVariable("PEERLINK_FUZZ_CANARY") == "1";
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    var input = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                    if (canary && input.StartsWith("CANARY"u8))
                    {
                        throw new InvalidOperationException("canary input (PEERLINK_FUZZ_CANARY=1)");
                    }

                    target.Check(input);
                });
                return 0;
            default:
                Console.Error.WriteLine("usage: Peerlink.Fuzz [--target p2pp|dns|mdns|z2z|stun|sip]                    (under afl-fuzz; or one input on stdin)");
                Console.Error.WriteLine("       Peerlink.Fuzz [--target p2pp|dns|mdns|z2z|stun|sip] --make-corpus DIR  (write the seed messages)");
                Console.Error.WriteLine("       Peerlink.Fuzz [--target p2pp|dns|mdns|z2z|stun|sip] --repro FILE...    (check inputs, print what they throw)");
                return 2;
        }
    }

    private static int Repro(FuzzTarget target, string[] files)
    {
        GiveTraceScratchMemory();
        var failed = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            try
            {
                target.Check(bytes);
                Console.WriteLine($"{file}: ok ({bytes.Length} bytes)");
            }
#pragma warning disable CA1031 // Reporting every exception is the point of this mode.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine($"{file}: FINDING ({bytes.Length} bytes) {Convert.ToHexStringLower(bytes)}");
                Console.WriteLine(e.ToString());
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The instrumented assemblies write coverage through <c>SharpFuzz.Common.Trace.SharedMem</c>, which
    /// only <see cref="Fuzzer"/>'s Run methods set; outside them it is null. Give it a scratch map.
    /// </summary>
    private static unsafe void GiveTraceScratchMemory()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
        }
    }
}
