"""Checks a window screenshot (PNG) shows the canvas: the picture has the window's size, is not
one flat colour, and the canvas area holds pixels in the colours of source and transform nodes.

python3 scripts/check_screenshot.py PICTURE.png
"""

import struct
import sys
import zlib

# Header colours of source and transform nodes (see src/ui/style.rs).
SOURCE = (0x2F, 0x6F, 0xC0)
TRANSFORM = (0x6D, 0x4F, 0xB8)


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    position, chunks, header = 8, [], None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type = header[:4]
    if depth != 8 or colour_type not in (2, 6):
        raise SystemExit(f"{path}: expected 8-bit RGB or RGBA")
    channels = 4 if colour_type == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + left) & 255
            elif filter_type == 2:
                line[x] = (line[x] + up) & 255
            elif filter_type == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif filter_type == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[x] = (line[x] + predictor) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def main():
    path = sys.argv[1]
    width, height, channels, rows = read_png(path)
    if (width, height) != (1400, 860):
        raise SystemExit(f"{path}: the window is {width}x{height}, expected 1400x860")
    colours, source, transform = set(), 0, 0
    # The canvas lies between the palette (left) and the inspector (right), above the tabs.
    for y in range(40, 480, 2):
        row = rows[y]
        for x in range(240, 920, 2):
            pixel = tuple(row[x * channels:x * channels + 3])
            colours.add(pixel)
            source += near(pixel, SOURCE)
            transform += near(pixel, TRANSFORM)
    if len(colours) < 20:
        raise SystemExit(f"{path}: the canvas is blank ({len(colours)} colours)")
    if source < 50 or transform < 50:
        raise SystemExit(f"{path}: no nodes on the canvas (source {source}, transform {transform} pixels)")
    print(f"{path}: canvas shows nodes ({source} source and {transform} transform pixels, {len(colours)} colours)")


main()
