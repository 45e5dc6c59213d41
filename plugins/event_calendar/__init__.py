"""The webinar calendar: `/webinars/calendar.ics` and one `event.ics` per webinar.

Why a plugin: subscribers put the Alliance's webinars in their calendar (contract §4). A
Generator writes every published webinar, past and upcoming, as a VEVENT with icalendar; each
webinar page links its own `.ics` ("Add to calendar"), and `/webinars/` the `webcal://`
subscription.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from content_model.output_files import write_made
from feeds.settings import feed_settings
from site_build.settings import PluginSettings, Setting, whole_number

from .build import calendar

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
        feeds = feed_settings(self.settings)
        siteurl, authority = feeds["FEEDS_SITEURL"], feeds["FEEDS_ID_AUTHORITY"]
        minutes = self.options["CALENDAR_DURATION_MINUTES"]
        webinars = [d for d in self.context.get("articles", []) if d.type == "webinar"]
        name = f"{self.settings['SITENAME']} webinars"
        common = (siteurl, authority, minutes)
        write_made(
            self.output_path,
            CALENDAR_PATH,
            ("calendar", webinars, name, common),
            lambda: calendar(webinars, name, siteurl, authority, minutes),
        )
        for doc in webinars:
            write_made(
                self.output_path,
                doc.url + EVENT_FILE,
                ("event", doc, common),
                lambda doc=doc: calendar([doc], doc.title, siteurl, authority, minutes),
            )


def check_settings(pelican):
    calendar_settings(pelican.settings)


def get_generators(pelican):
    return CalendarGenerator


def register():
    # At start-up: a wrong setting stops the build with one line.
    signals.initialized.connect(check_settings)
    # A Generator: it reads the published webinars and writes the .ics files.
    signals.get_generators.connect(get_generators)
