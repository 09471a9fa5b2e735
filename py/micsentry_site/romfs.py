"""MicroPython's read-only file system image (ROMFS), as ``vfs.VfsRom`` mounts it from a buffer.

MicroPython reads a module from its file system 20 bytes at a time, and in the browser every read
is a call out to Emscripten's JavaScript file system: ~2,800 of them to import micsentry, most of the
imports' time. Mounted from one image in WebAssembly memory, an import finds and reads its ``.mpy``
in C, without leaving the runtime (the start's imports took ~60 ms from files, ~25 ms mounted).

The format (MicroPython's ``extmod/vfs_rom.c``): the header ``d2 cd 31``, then the length of what
follows and the records. Each record is its kind, its length and its payload, all lengths unsigned
numbers of 7 bits a byte, most significant first, the high bit set on all but the last byte. A
folder's payload is its name's length, its name and its records; a file's, its name's length, its
name and one record of verbatim data. The image's length is even (a redundant ``0x80`` before the
length pads it).

    >>> image = build({"pkg/__init__.mpy": b"M"})
    >>> read(image)
    {'pkg/__init__.mpy': b'M'}
"""

HEADER = b"\xd2\xcd\x31"
DATA, FOLDER, FILE = 2, 4, 5  # record kinds (1: padding and 3: data elsewhere are never written)


def _number(value):
    """*value* in the image's variable-length encoding."""
    encoded = [value & 0x7F]
    value >>= 7
    while value:
        encoded.insert(0, 0x80 | (value & 0x7F))
        value >>= 7
    return bytes(encoded)


def _record(kind, payload):
    return _number(kind) + _number(len(payload)) + payload


def _named(name, rest):
    raw = name.encode("ascii")
    return _number(len(raw)) + raw + rest


def _records(tree):
    out = b""
    for name in sorted(tree):
        value = tree[name]
        if isinstance(value, dict):
            out += _record(FOLDER, _named(name, _records(value)))
        else:
            out += _record(FILE, _named(name, _record(DATA, bytes(value))))
    return out


def build(files):
    """The image of *files* ({"folder/name": bytes}): reproducible, names sorted within each folder."""
    tree = {}
    for path, data in files.items():
        parts = path.split("/")
        if not all(parts) or ".." in parts or not path.isascii():
            raise ValueError("not a relative ASCII path: %r" % path)
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError("%r is a file and a folder" % part)
        node[parts[-1]] = data
    body = _records(tree)
    length = _number(len(body))
    if (len(HEADER) + len(length) + len(body)) % 2:
        length = b"\x80" + length
    return HEADER + length + body


def _take_number(image, at):
    value = 0
    while True:
        byte = image[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at


def read(image):
    """{"folder/name": bytes} of an image :func:`build` wrote (raises ValueError for anything else)."""
    if image[:3] != HEADER:
        raise ValueError("not a ROMFS image")
    length, at = _take_number(image, 3)
    if at + length != len(image):
        raise ValueError("the image's length does not match its header")
    files = {}
    _read_records(image, at, at + length, "", files)
    return files


def _read_records(image, at, end, prefix, files):
    while at < end:
        kind, at = _take_number(image, at)
        size, at = _take_number(image, at)
        payload_end = at + size
        if kind in (FOLDER, FILE):
            name_length, at = _take_number(image, at)
            name = prefix + image[at:at + name_length].decode("ascii")
            at += name_length
            if kind == FOLDER:
                _read_records(image, at, payload_end, name + "/", files)
            else:
                data_kind, at = _take_number(image, at)
                data_size, at = _take_number(image, at)
                if data_kind != DATA or at + data_size != payload_end:
                    raise ValueError("%s: not one record of verbatim data" % name)
                files[name] = bytes(image[at:payload_end])
        at = payload_end
    if at != end:
        raise ValueError("a record runs past its folder")
