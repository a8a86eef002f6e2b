"""Hostile variants of the valid files in ``builders``: locked with a password, zip bombs,
archives that lie about their sizes, and XML entity tricks.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from pypdf import PdfReader, PdfWriter

from tests.hostile.builders import ODT_MIMETYPE, members_of, odt_manifest, pdf, zip_of


# --------------------------------------------------------------------------- passwords
def encrypted_odt() -> bytes:
    """A password-protected .odt: its XML parts are ciphertext, the manifest says how."""
    noise = bytes((i * 151 + 17) % 256 for i in range(900))
    return zip_of(
        {
            "mimetype": ODT_MIMETYPE,
            "content.xml": noise,
            "meta.xml": noise[::-1],
            "styles.xml": noise[1:],
            "META-INF/manifest.xml": odt_manifest(encrypted=True),
        },
        stored=("mimetype", "content.xml", "meta.xml", "styles.xml"),
    )


def encrypted_pdf(algorithm: str = "RC4-128") -> bytes:
    """The interview PDF locked with a password to open it (pypdf writes the encryption)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- archives
def bomb(template: bytes, member: str, size: int) -> bytes:
    """``template`` with ``member`` replaced by ``size`` bytes that deflate about 1000:1,
    streamed into the archive so the test itself never holds them."""
    members = members_of(template)
    members.pop(member, None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if "mimetype" in members:
            archive.writestr("mimetype", members.pop("mimetype"), zipfile.ZIP_STORED)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """``data`` with ``member``'s declared unpacked size rewritten (both headers)."""
    out = bytearray(data)
    name = member.encode()
    local = out.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", out, local + 22, declared)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", out, central + 24, declared)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def zip_flagged_encrypted(data: bytes) -> bytes:
    """``data`` with every member marked as encrypted with a zip password (flag bit 0)."""
    out = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            flags = struct.unpack_from("<H", out, at + flag_at)[0]
            struct.pack_into("<H", out, at + flag_at, flags | 1)
            at = out.find(signature, at + 4)
    return bytes(out)


# --------------------------------------------------------------------------- OLE (CFB)
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def ole_encrypted_office() -> bytes:
    """What Word and Excel save when a file gets a password: an OLE compound file holding
    ``EncryptionInfo`` (agile encryption) and ``EncryptedPackage`` instead of a zip."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b"</encryption>"
    )
    package = struct.pack("<Q", 9000) + bytes((i * 97 + 5) % 256 for i in range(8000))
    return _compound_file({"EncryptionInfo": info, "EncryptedPackage": package})


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file; every stream is padded to 4096 bytes or more, so it lives
    in ordinary sectors and the file needs no mini stream."""
    padded = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    fat = [_FAT, _END]  # sector 0 holds the FAT, sector 1 the directory
    starts: dict[str, int] = {}
    body = b""
    for name, data in padded.items():
        count = -(-len(data) // _SECTOR)
        starts[name] = len(fat)
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
        body += data.ljust(count * _SECTOR, b"\0")
    assert len(fat) <= 128, "one FAT sector only"
    fat_sector = struct.pack(f"<{128}I", *(fat + [_FREE] * (128 - len(fat))))
    names = list(padded)
    entries = [_directory_entry("Root Entry", 5, child=1, start=_END, size=0)]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else _NONE
        entries.append(
            _directory_entry(name, 2, right=right, start=starts[name], size=len(streams[name]))
        )
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    return _cfb_header() + fat_sector + directory + body


def _cfb_header() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<108I", *([_FREE] * 108))
    assert len(header) == _SECTOR
    return header


def _directory_entry(
    name: str, kind: int, *, right: int = _NONE, child: int = _NONE, start: int, size: int
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", _NONE, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


# --------------------------------------------------------------------------- XML tricks
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
# name: (declaration after the XML declaration, entity reference put in the first text)
XML_TRICKS: dict[str, tuple[str, str]] = {
    "billion laughs": (BILLION_LAUGHS, "&lol9;"),
    "external entity": (
        '<!DOCTYPE data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        "&secret;",
    ),
    "external DTD": ('<!DOCTYPE data SYSTEM "file:///etc/passwd">', ""),
    "parameter entity": (
        '<!DOCTYPE data [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>',
        "",
    ),
}


def with_entities(xml: bytes, trick: str, *, encoding: str = "utf-8") -> bytes:
    """``xml`` with the DOCTYPE of ``trick`` after its XML declaration and the entity used
    just inside the root; optionally re-encoded (in UTF-16 the declaration is not the bytes
    "<!DOCTYPE", in UTF-7 not even after dropping NULs)."""
    declaration, reference = XML_TRICKS[trick]
    text = xml.decode("utf-8")
    declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    head, rest = text[:declaration_end], text[declaration_end:]
    root = re.search(r"<[A-Za-z]", rest)
    assert root is not None
    inside = rest.index(">", root.start()) + 1
    rest = rest[:inside] + reference + rest[inside:]
    head = re.sub(r"""encoding=["'][^"']*["']""", f'encoding="{encoding}"', head)
    if not head and encoding != "utf-8":
        head = f'<?xml version="1.0" encoding="{encoding}"?>'
    return (head + declaration + rest).encode(encoding)
