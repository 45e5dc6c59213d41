"""The webinar calendar: `/webinars/calendar.ics` and one `event.ics` per webinar.

Why a plugin: subscribers put the Alliance's webinars in their calendar (contract §4). A
Generator writes every published webinar, past and upcoming, as a VEVENT with icalendar; each
webinar page links its own `.ics` ("Add to calendar"), and `/webinars/` the `webcal://`
subscription.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from feeds.settings import feed_settings
from site_build.model import site_model
from site_build.plugins import Plugin
from site_build.settings import PluginSettings, Setting, whole_number
from site_build.state import build_of

from .build import calendar

#: The calendar holds the site model's webinars, with its absolute URLs (checked at start-up).
PLUGIN = Plugin("event_calendar", needs={"listings": "the site model's webinars and URL"})

SETTINGS = PluginSettings(
    plugin="event_calendar",
    prefix="CALENDAR_",
    settings=(
        Setting("CALENDAR_DURATION_MINUTES", 90, whole_number(1),
                "Length of a webinar whose front matter gives no `duration` (minutes)."),
    ),
)  # fmt: skip
CALENDAR_PATH = "webinars/calendar.ics"
EVENT_FILE = "event.ics"


def calendar_settings(settings) -> dict:
    return SETTINGS.read(settings)


class CalendarGenerator(Generator):
    def generate_context(self):
        self.options = calendar_settings(self.settings)

    def generate_output(self, writer):
        model = site_model(self.settings)
        files = build_of(self.settings).files
        siteurl, authority = model.siteurl, feed_settings(self.settings)["FEEDS_ID_AUTHORITY"]
        minutes = self.options["CALENDAR_DURATION_MINUTES"]
        webinars = [d for d in model.documents if d.type == "webinar"]
        name = f"{self.settings['SITENAME']} webinars"
        common = (siteurl, authority, minutes)
        files.write_made(
            self.output_path,
            CALENDAR_PATH,
            ("calendar", webinars, name, common),
            lambda: calendar(webinars, name, siteurl, authority, minutes),
        )
        for doc in webinars:
            files.write_made(
                self.output_path,
                doc.url + EVENT_FILE,
                ("event", doc, common),
                lambda doc=doc: calendar([doc], doc.title, siteurl, authority, minutes),
            )


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    calendar_settings(pelican.settings)


def get_generators(pelican):
    return CalendarGenerator


def register():
    # At start-up: a wrong setting stops the build with one line.
    signals.initialized.connect(check_settings)
    # A Generator: it reads the published webinars and writes the .ics files.
    signals.get_generators.connect(get_generators)
