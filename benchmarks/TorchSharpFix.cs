using System;
using System.IO;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// TorchSharp-cpu 0.107.0's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 (GCC 13's
/// libstdc++); Debian 12 has GCC 12's (up to 3.4.30), so loading fails with a misleading message.
/// The one symbol behind that version, std::ios_base_library_init(), is a marker nothing calls.
/// This marks that single version-need entry (.gnu.version_r) weak (VER_FLG_WEAK) in the copy of
/// the library in this program's own output folder — never in the NuGet cache — so the loader no
/// longer insists on it. BenchmarkDotNet builds each benchmark into its own folder, so every
/// benchmark that touches TorchSharp calls <see cref="Apply"/> in its [GlobalSetup].
/// </summary>
internal static class TorchSharpFix
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private const string Version = "GLIBCXX_3.4.32";

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            byte[] elf = File.ReadAllBytes(path);
            if (MarkWeak(elf))
            {
                // Write a new file rather than through the old one, in case it is a link into the package cache.
                string temporary = path + ".patched";
                File.WriteAllBytes(temporary, elf);
                File.Move(temporary, path, overwrite: true);
            }
        }
    }

    /// <summary>Sets VER_FLG_WEAK on the GLIBCXX_3.4.32 need of an ELF64 little-endian image; false if nothing changed.</summary>
    internal static bool MarkWeak(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            return false; // not ELF64 little-endian
        }

        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int count = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < count; i++)
        {
            int header = checked((int)sectionTable + i * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int needs = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int strings = checked((int)BitConverter.ToUInt64(elf, checked((int)sectionTable + link * entrySize) + 0x18));
            bool changed = false;
            int need = offset;
            for (int n = 0; n < needs; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == Version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                            changed = true;
                        }
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }

            return changed;
        }

        return false;
    }
}
