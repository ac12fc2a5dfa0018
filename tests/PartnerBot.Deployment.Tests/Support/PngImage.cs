using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>
/// A minimal PNG reader for the icon checks: 8-bit RGBA or RGB, every filter type, no interlacing.
/// Written independently of the builder's writer, so a writer bug cannot hide itself.
/// </summary>
public sealed record PngImage(int Width, int Height, byte ColorType, byte[] Rgba)
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }

    public static PngImage Read(byte[] file)
    {
        if (!file.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG: the signature is wrong.");
        }

        int width = 0, height = 0;
        byte bitDepth = 0, colorType = 0, interlace = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        if (bitDepth != 8 || colorType is not (2 or 6) || interlace != 0)
        {
            throw new InvalidDataException($"Unsupported PNG: depth {bitDepth}, colour type {colorType}, interlace {interlace}.");
        }

        var channels = colorType == 6 ? 4 : 3;
        var stride = width * channels;
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = bytes[(y * (stride + 1)) + 1 + x];
                int left = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int up = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int upLeft = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                pixels[(y * stride) + x] = (byte)(value + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                });
            }
        }

        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgba[i * 4] = pixels[i * channels];
            rgba[(i * 4) + 1] = pixels[(i * channels) + 1];
            rgba[(i * 4) + 2] = pixels[(i * channels) + 2];
            rgba[(i * 4) + 3] = channels == 4 ? pixels[(i * channels) + 3] : (byte)255;
        }

        return new PngImage(width, height, colorType, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
