"""Batch floor (SPEC §8): parse and re-serialise every line of a JSON Lines file, nothing else."""

import json
import sys

write = sys.stdout.write
for line in sys.stdin.buffer:
    write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")
