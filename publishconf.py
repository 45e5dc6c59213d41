"""Production settings: `pelican content -s publishconf.py`. Absolute URLs under SITEURL."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://decentralization.net")
RELATIVE_URLS = False
# Never publish a draft, whatever a local command line asked for.
CONTENT_DRAFTS_PREVIEW = False
