"""PDFs protected by the standard security handler, written here so no binary fixture is needed.

    data = encrypt_pdf(build_pdf([page]), owner="geheim", revision=6, permissions=PRINT_ONLY)

Most published budget books that are "protected" have an owner password and no user password: they
open without asking, and the owner password only guards editing (and, advisorily, copying). The
file is really encrypted: every stream is enciphered with the file key, so a reader has to derive
the key from the empty user password (ISO 32000-1 7.6.3, algorithms 2-5; ISO 32000-2 7.6.4.3 for
revision 6). Revisions: 3 (RC4 128-bit), 4 (AES-128, /AESV2), 6 (AES-256, /AESV3: what Acrobat
and Word write today). The documents `pdfgen` builds have no strings outside streams, so the
streams are all there is to encipher.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .hostile import serialise

# ISO 32000-1 7.6.3.3: the 32 bytes a password is padded with.
PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
FILE_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")

# /P permission bits (ISO 32000-1 table 22); the high bits are set, bits 1-2 clear.
_P_BASE = -4096 | 0b11000000  # reserved bits 7-8 and 13-32 set
PRINT = 1 << 2
MODIFY = 1 << 3
COPY = 1 << 4            # copy or otherwise extract text and graphics
ANNOTATE = 1 << 5
ACCESSIBILITY = 1 << 9   # extract text for accessibility
ALL = _P_BASE | PRINT | MODIFY | COPY | ANNOTATE | (1 << 8) | ACCESSIBILITY | (1 << 10) | (1 << 11)
PRINT_ONLY = _P_BASE | PRINT  # no copying, no extraction, not even for accessibility

_OBJECT = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj\n", re.S)
_STREAM = re.compile(rb"^(<<.*?)/Length (\d+)(.*?>>)\nstream\n", re.S)


def _rc4(key: bytes, data: bytes) -> bytes:
    """RC4, written out: it is the cipher of revisions 2-3 and `cryptography` files it as decrepit."""
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def _aes_ecb(key: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - /Perms is one block
    return encryptor.update(data) + encryptor.finalize()


def _pkcs7(data: bytes) -> bytes:
    n = 16 - len(data) % 16
    return data + bytes([n]) * n


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + PAD)[:32]


# --------------------------------------------------------------------------- revisions 3 and 4


def _owner_entry(owner: str, user: str, length: int) -> bytes:
    """Algorithm 3: /O, the padded user password enciphered with a key from the owner password."""
    digest = hashlib.md5(_padded(owner)).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    key = digest[:length]
    out = _rc4(key, _padded(user))
    for i in range(1, 20):
        out = _rc4(bytes(b ^ i for b in key), out)
    return out


def _file_key_md5(user: str, owner_entry: bytes, p: int, length: int) -> bytes:
    """Algorithm 2: the file key from the user password, /O, /P and the first file identifier."""
    digest = hashlib.md5(_padded(user) + owner_entry + struct.pack("<i", p) + FILE_ID).digest()
    for _ in range(50):
        digest = hashlib.md5(digest[:length]).digest()
    return digest[:length]


def _user_entry(key: bytes) -> bytes:
    """Algorithm 5: /U for revisions 3 and 4."""
    out = _rc4(key, hashlib.md5(PAD + FILE_ID).digest())
    for i in range(1, 20):
        out = _rc4(bytes(b ^ i for b in key), out)
    return out + bytes(16)


def _object_key(key: bytes, num: int, aes: bool) -> bytes:
    """Algorithm 1: the key for one object's strings and streams."""
    salt = b"sAlT" if aes else b""
    return hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00" + salt).digest()[:min(len(key) + 5, 16)]


# --------------------------------------------------------------------------------- revision 6


def _hash_r6(password: bytes, salt: bytes, udata: bytes = b"") -> bytes:
    """Algorithm 2.B (ISO 32000-2): SHA-256/384/512 rounds chosen by AES output."""
    k = hashlib.sha256(password + salt + udata).digest()
    rounds = 0
    while True:
        e = _aes_cbc(k[:16], k[16:32], (password + k + udata) * 64)
        k = {0: hashlib.sha256, 1: hashlib.sha384, 2: hashlib.sha512}[sum(e[:16]) % 3](e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def _r6_entries(owner: str, user: str, key: bytes, p: int) -> bytes:
    """/O, /U, /OE, /UE and /Perms of revision 6 (algorithms 8-10)."""
    upw, opw = user.encode("utf-8")[:127], owner.encode("utf-8")[:127]
    u_salts = os.urandom(16)
    u = _hash_r6(upw, u_salts[:8]) + u_salts
    ue = _aes_cbc(_hash_r6(upw, u_salts[8:]), bytes(16), key)
    o_salts = os.urandom(16)
    o = _hash_r6(opw, o_salts[:8], u) + o_salts
    oe = _aes_cbc(_hash_r6(opw, o_salts[8:], u), bytes(16), key)
    perms = _aes_ecb(key, struct.pack("<i", p) + b"\xff\xff\xff\xffTadb" + os.urandom(4))
    return (b"/O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s>"
            % (o.hex().encode(), u.hex().encode(), oe.hex().encode(), ue.hex().encode(), perms.hex().encode()))


# ------------------------------------------------------------------------------------- the file


def encrypt_pdf(pdf: bytes, *, owner: str, user: str = "", revision: int = 6, permissions: int = ALL) -> bytes:
    """`pdf` (as `pdfgen.build_pdf` writes it, unencrypted) with every stream enciphered."""
    if revision == 6:
        key = os.urandom(32)
        handler = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P %d %s /EncryptMetadata true "
                   b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> "
                   b"/StmF /StdCF /StrF /StdCF >>" % (permissions, _r6_entries(owner, user, key, permissions)))
    elif revision in (3, 4):
        o = _owner_entry(owner, user, 16)
        key = _file_key_md5(user, o, permissions, 16)
        crypt = (b"/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF"
                 if revision == 4 else b"")
        handler = (b"<< /Filter /Standard /V %d /R %d /Length 128 /P %d /O <%s> /U <%s> %s >>"
                   % ({3: 2, 4: 4}[revision], revision, permissions, o.hex().encode(), _user_entry(key).hex().encode(), crypt))
    else:
        raise ValueError(f"revision {revision}: only 3, 4 and 6 are written")

    def encipher(num: int, data: bytes) -> bytes:
        if revision == 3:
            return _rc4(_object_key(key, num, aes=False), data)
        iv = os.urandom(16)
        return iv + _aes_cbc(key if revision == 6 else _object_key(key, num, aes=True), iv, _pkcs7(data))

    objects: dict[int, bytes] = {}
    for m in _OBJECT.finditer(pdf):
        num, body = int(m.group(1)), m.group(2)
        if (s := _STREAM.match(body)) is not None:
            data = body[s.end():s.end() + int(s.group(2))]
            sealed = encipher(num, data)
            body = b"%s/Length %d%s\nstream\n%s\nendstream" % (s.group(1), len(sealed), s.group(3), sealed)
        objects[num] = body
    handler_id = max(objects) + 1
    objects[handler_id] = handler
    root = re.search(rb"/Root (\d+) 0 R", pdf)
    assert root is not None, "not a pdfgen document"
    return serialise(objects, root=int(root.group(1)), version=b"1.7",
                     trailer_extra=b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (handler_id, FILE_ID.hex().encode(),
                                                                          FILE_ID.hex().encode()))
