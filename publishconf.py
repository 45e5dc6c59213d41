"""Production settings: `pelican content -s publishconf.py`. Absolute URLs under SITEURL.

Every development setting first, from pelicanconf.py beside this file. Pelican reads a
settings file by its path (`pelican.settings.load_source`) and puts no folder on sys.path, so
`from pelicanconf import *` would not find it: it is read by its path too, as Python's
importlib documents ("Importing a source file directly").
"""

import os
from importlib.util import module_from_spec, spec_from_file_location

_spec = spec_from_file_location(
    "pelicanconf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py")
)
_development = module_from_spec(_spec)
_spec.loader.exec_module(_development)
# The settings: the upper-case names, the only ones Pelican reads from a settings file.
globals().update({k: v for k, v in vars(_development).items() if k.isupper()})

SITEURL = os.environ.get("SITEURL", "https://decentralization.net")
RELATIVE_URLS = False
# Never publish a draft, whatever a local command line asked for.
CONTENT_DRAFTS_PREVIEW = False
