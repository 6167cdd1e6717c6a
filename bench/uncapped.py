"""`cmq-wizard` with the loader's size cap raised, for the bench's largest generated rule sets only.

The generated 10,000-rule set is about 14 MB of YAML, over the 10 MB a rule set may weigh
(loader.MAX_RULES_BYTES, a safety limit); the bench measures it anyway, through this wrapper,
and says so in its table. Used for every point of the `rules check` curve, so that they compare.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cmq_wizard import loader

loader.MAX_RULES_BYTES = 1 << 30

from cmq_wizard.cli import main  # noqa: E402 - after the cap is lifted

main()
