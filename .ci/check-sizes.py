#!/usr/bin/env python3
"""Size rules the formatter cannot check: files under Sources/ stay at most 300 lines, functions
(func, init, deinit, closures assigned to a property do not count) at most 80.

Prints one line per violation as FILE:LINE: message and exits 1 when there is any."""
import re
import sys
from pathlib import Path

MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 80
# Kept long on purpose, each with its reason (see the file's own comment).
FILE_EXCEPTIONS = {
}

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|open|static|class|"
                         r"final|mutating|nonmutating|override|convenience|required|nonisolated|dynamic)\s+)*"
                         r"(func\s+[^\s(<]+|init[?!]?\s*[(<]|deinit\b)")


def code_only(line, in_block_comment):
    """The line without comments and string contents, so braces inside them are not counted."""
    out = []
    i = 0
    in_string = False
    while i < len(line):
        if in_block_comment:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i = end + 2
            in_block_comment = False
            continue
        c = line[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block_comment = True
            i += 2
            continue
        if c == '"':
            in_string = True
        else:
            out.append(c)
        i += 1
    return "".join(out), in_block_comment


def check(path):
    problems = []
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_FILE_LINES and str(path) not in FILE_EXCEPTIONS:
        problems.append(f"{path}:1: {len(lines)} lines (at most {MAX_FILE_LINES})")
    in_comment = False
    stripped = []
    for line in lines:
        code, in_comment = code_only(line, in_comment)
        stripped.append(code)
    for start, line in enumerate(lines):
        match = DECLARATION.match(stripped[start])
        if not match:
            continue
        depth = 0
        opened = False
        for end in range(start, len(lines)):
            for c in stripped[end]:
                if c == "{":
                    depth += 1
                    opened = True
                elif c == "}":
                    depth -= 1
            if opened and depth <= 0:
                break
            if not opened and end > start and stripped[end].strip() == "" and "{" not in stripped[end]:
                # A protocol requirement: no body.
                break
        if not opened:
            continue
        length = end - start + 1
        if length > MAX_FUNCTION_LINES:
            name = match.group(1).strip("( <")
            problems.append(f"{path}:{start + 1}: {name} is {length} lines (at most {MAX_FUNCTION_LINES})")
    return problems


def main(roots):
    problems = []
    for root in roots:
        for path in sorted(Path(root).rglob("*.swift")):
            problems.extend(check(path))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["Sources"]))
