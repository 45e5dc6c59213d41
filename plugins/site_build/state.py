"""Who owns what lives between the signals of a build, and between builds.

Pelican hands every plugin, at every signal, one object that lives as long as a Pelican
instance: its settings dict (the same dict for the generators, the writer and `initialized` /
`finalized`). The state of our plugins hangs from it under one key, and is reached only
through `session_of(settings)` and `build_of(settings)`:

- a `Session` per Pelican object: one build for the `pelican` command, every save for the
  live-reload server (`site_build.session.BuildSession` keeps one Pelican). Its `Caches`
  live as long as it; each says below what it holds and why it may be kept.
- a `Build` per run (`Pelican.run`), begun at `get_generators` (the first signal of a run)
  and ended after `finalized`: the site model, how files are written into the output, the
  work running in the background. Nothing of a build outlives it.

Nothing else keeps state in a module: a process-wide value is either a constant or a pure
function's memo of the code itself (`functools.cache` on the code's digest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .settings import SettingsError

if TYPE_CHECKING:  # the types only: these modules import this one
    from .model import SiteModel
    from .output import OutputFiles

#: The one key of Pelican's settings (and so of each build's context) that holds our state.
SESSION_KEY = "SITE_BUILD_SESSION"


@dataclass
class Caches:
    """What a session keeps from one build to the next. Each cache gives the same answer as
    doing the work again: it only makes a rebuild faster, and a new session starts empty."""

    #: (content folder, group) -> {document key: Document}: the parsed documents of the last
    #: build, when `CONTENT_CACHE_MEMORY` is on (the live-reload server): the next save
    #: neither reads the parse store nor unpickles them again. Replaced at every build.
    documents: dict = field(default_factory=dict)
    #: (digest of a document's HTML, its URL) -> that HTML with absolute links (feeds). A
    #: document is in many feeds; its text is made absolute once per version. Emptied when it
    #: outgrows four times the site.
    absolute_html: dict = field(default_factory=dict)
    #: {"signature": dates, URLs and terms, "chosen": {url: [related urls]}}: the last choice
    #: of related documents (listings), taken again when no date, URL or term changed.
    related: dict = field(default_factory=dict)
    #: (path, size, modification time) -> problems of that picture (content_model.uploads):
    #: each version of a picture is checked once.
    uploads: dict = field(default_factory=dict)


class Session:
    """The state of one Pelican object's builds."""

    def __init__(self):
        self.caches = Caches()
        self.build: Build | None = None
        #: (files made, files taken from the previous build) of the last build (incremental).
        self.last_counts: tuple[int, int] | None = None
        #: atomic_output's staging and swapping state for this Pelican object.
        self.swap = None
        #: PLUGINS as asked for, before Pelican dropped what it could not load
        #: (site_build.plugins.note_asked_plugins).
        self.asked_plugins: list[str] | None = None

    def begin_build(self, settings) -> Build:
        """A new run: a fresh `Build` (what an earlier run left running is stopped)."""
        self.end_build()
        self.build = Build(settings)
        return self.build

    def end_build(self) -> None:
        if self.build is not None:
            self.build.stop_background()
        self.build = None


class Build:
    """One run of Pelican. Plugins fill it in the order PLUGINS gives (checked at start-up,
    `site_build.plugins`): `listings` sets `model`, `incremental` replaces `files`."""

    def __init__(self, settings):
        from .output import OutputFiles
        from .parallel import Processes

        self.settings = settings
        #: The site model (`site_build.model.SiteModel`), made once everything is read.
        self.model: SiteModel | None = None
        #: How generators write files of their own (plain writes unless `incremental` is on).
        self.files: OutputFiles = OutputFiles()
        #: The vocabularies and their problems, read once per build (content_model).
        self.vocabularies: tuple[dict, list] | None = None
        #: The site's languages and their catalogs (`i18n.SiteLanguages`), read when the
        #: run begins.
        self.languages = None
        #: The pictures of the documents and their variants (`media.images.Pictures`).
        self.pictures = None
        #: Where this build writes, and where that will be once swapped in (atomic_output).
        self.staging: str | None = None
        self.output: str | None = None
        #: Folders being made in the background (the search index), by name, to wait for.
        self.pending: dict[str, object] = {}
        #: The processes this build forked (rendering shares, the search index).
        self.processes = Processes(self)

    def stop_background(self) -> None:
        """The build failed or is replaced: stop what it runs in the background."""
        self.processes.stop_background()
        self.pending.clear()


def session_of(settings) -> Session:
    """The session of the Pelican object whose settings these are (made at the first ask)."""
    session = settings.get(SESSION_KEY)
    if session is None:
        session = settings[SESSION_KEY] = Session()
    elif not isinstance(session, Session):
        raise SettingsError(f"{SESSION_KEY} is the build's own state: remove it from the settings")
    return session


class NoBuild(RuntimeError):
    """A plugin asked for the build outside a run (a defect of ours, never of content)."""


def build_of(settings) -> Build:
    """The run under way; raises when there is none (asked before `get_generators`)."""
    build = session_of(settings).build
    if build is None:
        raise NoBuild("no build is under way: the state of a build exists from get_generators on")
    return build
