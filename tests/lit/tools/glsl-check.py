#!/usr/bin/env python3
"""Validates the glsl target's output with glslangValidator.

Usage: glsl-check.py FILE

FILE is `acc-cc --emit=glsl` text or a bundle (.accbin) whose glsl code
object is read. The text holds one GLSL ES 3.10 compute shader per kernel,
each after a line "// acc-kernel: NAME" (docs/bundle-format.md, "glsl").
Every shader must pass `glslangValidator -S comp`. Prints one line per
kernel and a summary; exits 1 if any shader is invalid or none is found.
"""
import struct
import subprocess
import sys
import tempfile
import os

ACC_TARGET_GLSL = 6
MAGIC = b"ACCBNDL\x1a"


def glsl_text(path):
    data = open(path, "rb").read()
    if not data.startswith(MAGIC):
        return data.decode()
    table, count = struct.unpack_from("<QI", data, 32)
    for k in range(count):
        kind, _, entries, _, offset, _ = struct.unpack_from("<IIIIQQ", data,
                                                            table + 32 * k)
        if kind != 4:  # the code table
            continue
        for e in range(entries):
            target, _, code, size = struct.unpack_from("<IIQQ", data,
                                                       offset + 32 * e)
            if target == ACC_TARGET_GLSL:
                return data[code:code + size].decode()
    return ""


def shaders(text):
    name, lines = None, []
    for line in text.splitlines(keepends=True):
        if line.startswith("// acc-kernel: "):
            if name is not None:
                yield name, "".join(lines)
            name, lines = line[len("// acc-kernel: "):].strip(), []
        elif name is not None:
            lines.append(line)
    if name is not None:
        yield name, "".join(lines)


def main():
    found = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in shaders(glsl_text(sys.argv[1])):
            found += 1
            path = os.path.join(tmp, name + ".comp")
            with open(path, "w") as f:
                f.write(source)
            result = subprocess.run(["glslangValidator", "-S", "comp", path],
                                    capture_output=True, text=True)
            if result.returncode == 0:
                print("valid: " + name)
            else:
                bad += 1
                print("INVALID: " + name)
                print(result.stdout + result.stderr)
    print("%d shaders, %d invalid" % (found, bad))
    return 0 if found and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
