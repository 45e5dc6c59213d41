"""Development settings: `pelican content -s pelicanconf.py` builds the site into output/.

Content follows docs/content.md; the content model plugin reads it. Pelican's own listings,
archives and feeds are switched off: our plugins make the pages the contract names.
"""

import os

from content_model.ordering import by_url, newest_first
from content_model.schema import article_folders, page_folders, static_folders

HERE = os.path.dirname(os.path.abspath(__file__))

SITENAME = "Decentralization.Net"
SITE_DESCRIPTION = (
    "The knowledge platform of the Local Public Sector Alliance on decentralization, "
    "local governance and local public finance."
)
AUTHOR = "Local Public Sector Alliance"
SITEURL = ""
RELATIVE_URLS = False

PATH = os.path.join(HERE, "content")
OUTPUT_PATH = os.path.join(HERE, "output")
THEME = os.path.join(HERE, "theme")
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# The site's languages (docs/translating.md): the default first; each other one has an edition
# of every navigation page under /<code>/, and a catalog in theme/translations/.
I18N_LANGUAGES = ["en", "fr", "es", "ar"]

# Build order: the content model reads and checks; atomic_output swaps the staging folder
# into place and must stay last. Our plugins are installed packages (`pip install -e .`,
# README): Pelican imports each by its name, as they import one another. No PLUGIN_PATHS: a
# plugin found there would be loaded from that folder while the plugins importing it get the
# installed package (docs/architecture.md, "Plugins are installed packages").
PLUGINS = [
    "content_model",
    "i18n",
    "listings",
    "newsletter",
    "feeds",
    "event_calendar",
    "media",
    "seo",
    "search_index",
    "incremental",
    "atomic_output",
]

# The folder decides the type (docs/content.md §1): the folders are the schema's.
ARTICLE_PATHS = article_folders()
PAGE_PATHS = page_folders()
STATIC_PATHS = static_folders()
# Files in content/extra/ are published at the site's root (favicon.ico, CNAME, docs/x.pdf):
# content_model maps them when the build starts, for whichever content folder is built.

# Everything about a document comes from its front matter and folder, nothing from guesses.
FILENAME_METADATA = r"(?!)"
PATH_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
WITH_FUTURE_DATES = True
# Deterministic orders (two builds of the same content are byte-identical).
ARTICLE_ORDER_BY = newest_first
PAGE_ORDER_BY = by_url
TYPOGRIFY = False

# Each document sets its own url and save_as; drafts are never written (content_model).
DIRECT_TEMPLATES = []  # the home page is made by the listings plugin
DEFAULT_PAGINATION = False
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# Pelican's feed writer is replaced by ours (contract §4).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# atomic_output manages the output folder: never delete it before a build.
DELETE_OUTPUT_DIRECTORY = False
# `invoke livereload` (devserver.py) sets it: pages load the script that reloads them.
LIVE_RELOAD = False
IGNORE_FILES = [".*"]
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# content_model settings (see docs/settings.md)
CONTENT_DRAFTS_PREVIEW = False
CONTENT_UNSAFE_HTML = "error"

# Everything a template prints is escaped unless marked safe (the cleaned HTML of a text is):
# a title or an author's name can never inject markup.
# Chrome strings go through gettext (jinja2.ext.i18n; the i18n plugin answers in each page's
# language).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}

BIND = "127.0.0.1"
PORT = 8000
