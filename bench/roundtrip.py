"""Batch floor (SPEC §8): parse and re-serialise every line of a JSON Lines file, nothing else
(a line that is not JSON gives an error line)."""

import json
import sys

write = sys.stdout.write
for n, line in enumerate(sys.stdin.buffer, 1):
    try:
        write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")
    except ValueError as exc:
        write(json.dumps({"line": n, "error": str(exc)}, ensure_ascii=False) + "\n")
