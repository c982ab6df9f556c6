"""The public newsroom: /{language}/news/, /{language}/news/{slug}/ (and its print view and
images), /{language}/news/feed.atom. A reader is only ever served a revision whose seal
verifies (``selectors.served``); altered ones are reported, never shown."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.core.i18n import localize
from liaison.core.templatetags.liaison import LANGUAGE_SELF_NAMES

from . import selectors, services
from .models import Release, Revision

# No inline script or style anywhere on news pages; images and styles from this site only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def strict_csp(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = CSP
        return response

    return wrapped


@dataclass
class Article:
    """A served revision as one language's reader sees it."""

    release: Release
    revision: Revision
    language: str  # the language of the text shown
    requested: str

    @property
    def title(self) -> str:
        return self._text(self.revision.title)

    @property
    def summary(self) -> str:
        return self._text(self.revision.summary)

    @property
    def body(self):
        # Sanitised on save and sealed since: the stored form is what the publisher saw.
        return mark_safe(self._text(self.revision.body))  # noqa: S308

    def _text(self, value: dict) -> str:
        return (value or {}).get(self.language, "")

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def department(self) -> str:
        return localize(self.release.newsroom.name, self.requested).text

    @property
    def updated(self):
        zone = ZoneInfo(self.release.event.timezone) if self.release.event else ZoneInfo("UTC")
        return self.revision.sealed_at.astimezone(zone)

    @property
    def images(self) -> list[dict]:
        return [
            {
                "url": reverse("news:image", args=[self.release.slug, image["id"]]),
                "caption": localize(image.get("caption"), self.requested).text,
                "alt": localize(image.get("alt"), self.requested).text,
                "width": image.get("width"),
                "height": image.get("height"),
            }
            for image in self.revision.images
        ]

    @property
    def versions(self) -> list[dict]:
        out = []
        for code in self.revision.languages:
            with translation.override(code):
                url = reverse("news:article", args=[self.release.slug])
            out.append({"code": code, "url": url, "name": LANGUAGE_SELF_NAMES.get(code, code)})
        return out


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _article(release: Release, revision: Revision) -> Article:
    requested = _language()
    language = requested if revision.title.get(requested) else release.default_language
    if not revision.title.get(language):
        language = revision.languages[0]
    return Article(release, revision, language, requested)


def _served(release: Release) -> Revision | None:
    result = selectors.served(release)
    if result.altered:
        services.report_altered(release, result.altered)
    return result.revision


def served_articles() -> list[Article]:
    articles = []
    for release in selectors.public_releases():
        revision = _served(release)
        if revision is not None:
            articles.append(_article(release, revision))
    return articles


@strict_csp
def news_list(request: HttpRequest) -> HttpResponse:
    return render(request, "newsroom/list.html", {"articles": served_articles()})


def _article_response(request, slug: str, template: str) -> HttpResponse:
    release = selectors.public_release(slug)
    if release is None:
        raise Http404("No published release with this address.")
    revision = _served(release)
    if revision is None:
        response = render(request, "newsroom/unavailable.html", {"release": release}, status=503)
        response["Retry-After"] = "3600"
        return response
    article = _article(release, revision)
    canonical = request.build_absolute_uri(reverse("news:article", args=[slug]))
    return render(
        request,
        template,
        {"article": article, "canonical": canonical, "site_root": request.build_absolute_uri("/")},
    )


@strict_csp
def article(request: HttpRequest, slug: str) -> HttpResponse:
    return _article_response(request, slug, "newsroom/article.html")


@strict_csp
def article_print(request: HttpRequest, slug: str) -> HttpResponse:
    return _article_response(request, slug, "newsroom/print.html")


@strict_csp
def image(request: HttpRequest, slug: str, image_id: int) -> HttpResponse:
    """An image of a release, only as a verified revision shows it and only if the file is
    still the one sealed (its SHA-256)."""
    release = selectors.public_release(slug)
    revision = _served(release) if release else None
    entry = next(
        (i for i in (revision.images if revision else []) if i.get("id") == image_id), None
    )
    if entry is None or not default_storage.exists(entry["name"]):
        raise Http404("No such image.")
    with default_storage.open(entry["name"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise Http404("The image file was changed.")
    response = FileResponse(default_storage.open(entry["name"], "rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


class NewsFeed(Feed):
    """The newsroom's Atom feed in the language of the address."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return _language()

    def title(self, language):
        with translation.override(language):
            return _("News releases")

    def subtitle(self, language):
        with translation.override(language):
            return _("Releases on international economic and technological cooperation seminars")

    def link(self, language):
        with translation.override(language):
            return reverse("news:list")

    def feed_url(self, language):
        with translation.override(language):
            return reverse("news:feed")

    def author_name(self, language):
        with translation.override(language):
            return _("Liaison newsroom")

    def feed_guid(self, language):
        return self.request.build_absolute_uri(self.feed_url(language))

    def items(self, language):
        return served_articles()[:50]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        with translation.override(item.requested):
            return reverse("news:article", args=[item.release.slug])

    def item_guid(self, item: Article) -> str:
        return f"tag:liaison,{item.release.created_at:%Y-%m-%d}:release:{item.release.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article):
        return item.release.published_at

    def item_updateddate(self, item: Article):
        return item.revision.sealed_at

    def item_author_name(self, item: Article) -> str:
        return item.department


news_feed = NewsFeed()
