"""Recordings on YouTube and Vimeo: the video id from a link, and the privacy-friendly player."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Video:
    provider: str  # "youtube" or "vimeo"
    id: str
    url: str  # the page the link opens, for readers without JavaScript

    @property
    def provider_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.id}?autoplay=1&dnt=1"


def parse_video(url: str | None) -> Video | None:
    """A YouTube (watch, youtu.be, embed, shorts) or Vimeo link; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = [p for p in parts.path.split("/") if p]
    video_id = None
    provider = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        provider = "youtube"
        if path[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            video_id = path[1]
    elif host == "youtu.be" and path:
        provider, video_id = "youtube", path[0]
    elif host in ("vimeo.com", "player.vimeo.com"):
        provider = "vimeo"
        digits = [p for p in path if p.isdigit()]
        video_id = digits[0] if digits else None
    if provider and video_id and _ID.match(video_id):
        return Video(provider, video_id, url.strip())
    return None
