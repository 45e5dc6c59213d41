"""JSON-LD for a page: Organization and WebSite on the home page, BlogPosting or Article for
documents, Event (online) for webinars, WebPage for the rest. Built as data, dumped as JSON."""

from __future__ import annotations

import json
from datetime import timedelta

from jinja2 import pass_context

from event_calendar import calendar_settings

KINDS = {"post": "BlogPosting", "primer": "Article", "member-article": "Article"}
ORGANIZATION_NAME = "Local Public Sector Alliance"


def _organization(siteurl: str, logo: str) -> dict:
    return {"@type": "Organization", "name": ORGANIZATION_NAME, "url": f"{siteurl}/", "logo": logo}


def _people(names) -> list[dict]:
    return [{"@type": "Person", "name": name} for name in names]


def build(context, title: str, description: str, url: str, image: str) -> dict:
    siteurl = context["SITE"].siteurl
    logo = f"{siteurl}/{context['THEME_STATIC_DIR']}/icons/icon-512.png"
    organization = _organization(siteurl, logo)
    article = context.get("article")
    if article is not None:
        values = article.doc.values
        if article.type == "webinar":
            default = calendar_settings(context)["CALENDAR_DURATION_MINUTES"]
            minutes = values.get("duration", default)
            month_only = values.get("event_date_precision") == "month"
            end = article.event_date + timedelta(minutes=minutes)
            data = {
                "@type": "Event",
                "name": article.title,
                "description": description,
                "startDate": article.event_date.strftime("%Y-%m")
                if month_only
                else article.event_date.isoformat(),
                **({} if month_only else {"endDate": end.isoformat()}),
                "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "location": {"@type": "VirtualLocation", "url": url},
                "organizer": organization,
                "image": [image],
                "url": url,
            }
            if values.get("speakers"):
                data["performer"] = _people(values["speakers"])
        else:
            data = {
                "@type": KINDS.get(article.type, "Article"),
                "headline": article.title[:110],
                "description": description,
                "datePublished": article.date.isoformat(),
                "dateModified": (values.get("updated") or article.date).isoformat(),
                "inLanguage": article.lang,
                "mainEntityOfPage": url,
                "image": [image],
                "publisher": organization,
                "author": _people(values.get("authors", [])) or organization,
            }
        return {"@context": "https://schema.org", **data}
    if url == f"{siteurl}/":
        return {
            "@context": "https://schema.org",
            "@graph": [
                {**organization, "description": description},
                {"@type": "WebSite", "name": context["SITENAME"], "url": url,
                 "potentialAction": {"@type": "SearchAction",
                                     "target": f"{siteurl}/search/?q={{query}}",
                                     "query-input": "required name=query"}},
            ],
        }  # fmt: skip
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": url,
        "description": description,
        "isPartOf": {"@type": "WebSite", "url": f"{siteurl}/"},
    }


@pass_context
def structured_data(context, title, description, url, image) -> str:
    text = json.dumps(build(context, title, description, url, image), ensure_ascii=False)
    # Inside <script>, "<" could open or close an element: JSON lets us write it escaped.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
