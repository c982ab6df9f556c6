"""The newsroom's operations: the one write path of releases, revisions, images, flags and
integrity alerts. Each runs in a transaction, asks ``rules`` and leaves an audit record."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.events.models import Event

from . import drafting, rules, seal, spam
from .models import (
    IntegrityAlert,
    Newsroom,
    NewsroomMember,
    Release,
    ReleaseImage,
    Revision,
    SpamFlag,
)
from .sanitise import clean_html, clean_text

logger = logging.getLogger("liaison.newsroom")

LANGUAGES = [code for code, _name in settings.LANGUAGES]
S = Release.State

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _require(user, action: str, release: Release) -> None:
    if user is None:  # the system itself (a scheduled publication checks its scheduler)
        return
    if not rules.may(user, action, release):
        messages = {
            "write": _("You may not edit this release."),
            "submit": _("You may not submit this release for review."),
            "approve": _("Only an editor or a publisher of this newsroom may approve."),
            "publish": _("Only a publisher of this newsroom may publish or schedule a release."),
            "withdraw": _("Only a publisher of this newsroom may withdraw a release."),
        }
        raise PermissionDenied(messages.get(action, _("You may not do this.")))


# --- Newsrooms ----------------------------------------------------------------------------


@transaction.atomic
def create_newsroom(
    *, slug: str, name: dict, organisation=None, allowed_domains: Iterable[str] = (), actor=None
) -> Newsroom:
    if not (name or {}).get("en") and not any((name or {}).values()):
        raise ValidationError({"name": _("Give the newsroom a name.")})
    newsroom = Newsroom.objects.create(
        slug=slug,
        name=name,
        organisation=organisation,
        allowed_domains=[d.strip().lower() for d in allowed_domains if d.strip()],
    )
    record("newsroom.create", newsroom, actor=actor, summary=f"Created newsroom {slug}")
    return newsroom


@transaction.atomic
def add_newsroom_member(newsroom: Newsroom, user, role: str, *, actor=None) -> NewsroomMember:
    if role not in NewsroomMember.Role.values:
        raise ValidationError({"role": _("Unknown newsroom role: %(role)s.") % {"role": role}})
    member, _made = NewsroomMember.objects.get_or_create(newsroom=newsroom, user=user, role=role)
    rules.forget_roles(user)
    record(
        "newsroom.member_add",
        newsroom,
        actor=actor,
        summary=f"{user.get_username()} is {role} of newsroom {newsroom.slug}",
    )
    return member


def newsroom_for_event(event: Event) -> Newsroom | None:
    """The newsroom of the event's supporting (else hosting) organisation, if it has one."""
    for orgs in (event.supporters.all(), event.hosts.all()):
        newsroom = Newsroom.objects.filter(organisation__in=orgs).order_by("id").first()
        if newsroom is not None:
            return newsroom
    return None


# --- Drafting and revisions ---------------------------------------------------------------


def _unique_slug(base: str) -> str:
    base = slugify(base)[:90] or "release"
    slug, n = base, 2
    while Release.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def draft_release(event: Event, *, actor=None, newsroom: Newsroom | None = None) -> Release:
    """Draft a release of ``event`` in each of its languages from the record (see
    ``drafting``); facts the record lacks are left as ``[[…]]`` gaps."""
    newsroom = newsroom or newsroom_for_event(event)
    if newsroom is None:
        raise ValidationError(
            _(
                "No newsroom publishes this event's news: set one up for its supporting or "
                "hosting organisation first."
            )
        )
    if actor is not None and not rules.may_draft(actor, event, newsroom):
        raise PermissionDenied(_("You may not draft releases of this event."))
    languages = [lang for lang in (event.languages or LANGUAGES) if lang in LANGUAGES]
    if event.default_language not in languages:
        languages.insert(0, event.default_language)
    drafts = drafting.compose(
        drafting.facts(event, getattr(newsroom.name, "data", newsroom.name)), languages
    )
    release = Release.objects.create(
        slug=_unique_slug(event.slug),
        newsroom=newsroom,
        event=event,
        default_language=event.default_language,
    )
    record("release.draft", release, actor=actor, summary=f"Drafted release {release.slug}")
    save_revision(
        release,
        title={lang: d.title for lang, d in drafts.items()},
        summary={lang: d.summary for lang, d in drafts.items()},
        body={lang: d.body for lang, d in drafts.items()},
        author=actor,
        based_on=None,
        note=_("Drafted from the record"),
        check=False,
    )
    return release


def _texts(value, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({field: _("Give the texts by language code.")})
    unknown = [code for code in value if code not in LANGUAGES]
    if unknown:
        raise ValidationError(
            {field: _("Unknown language code: %(code)s.") % {"code": ", ".join(unknown)}}
        )
    return {code: (text or "") for code, text in value.items() if isinstance(text, str)}


def _image_snapshot(release: Release) -> list[dict]:
    return [
        {
            "id": image.pk,
            "name": image.file.name,
            "sha256": image.sha256,
            "width": image.width,
            "height": image.height,
            "caption": image.caption,
            "alt": image.alt,
        }
        for image in release.images.order_by("position", "id")
    ]


@transaction.atomic
def save_revision(
    release: Release,
    *,
    title: dict | None,
    summary: dict | None,
    body: dict | None,
    author,
    based_on: int | None,
    note: str = "",
    check: bool = True,
) -> Revision:
    """Save a new revision of ``release``: texts sanitised, the spam screen run, the author
    and time kept. ``based_on`` is the revision number the writer started from; when
    someone saved a newer one since, nothing is saved and ``Conflict`` says who and when
    (the writer's text stays with the writer: the console shows it again, the API returns
    409). Missing languages keep the previous revision's text."""
    if check:
        _require(author, "write", release)
    release = (
        Release.objects.select_for_update(of=("self",))
        .select_related("newsroom")
        .get(pk=release.pk)
    )
    latest = release.revisions.select_related("author").order_by("-number").first()
    current = latest.number if latest else None
    if based_on != current:
        who = latest.author.get_username() if latest and latest.author else _("the system")
        raise Conflict(
            _(
                "Revision %(number)s was saved by %(who)s at %(time)s, after the revision you "
                "started from; your changes were not saved over it. Compare them with the "
                "newer revision and save again."
            )
            % {
                "number": current,
                "who": who,
                "time": timezone.localtime(latest.created_at).strftime("%Y-%m-%d %H:%M:%S %Z"),
            },
            current=current,
        )
    raw = {
        "title": _texts(title, "title"),
        "summary": _texts(summary, "summary"),
        "body": _texts(body, "body"),
    }
    previous = {
        "title": dict(latest.title) if latest else {},
        "summary": dict(latest.summary) if latest else {},
        "body": dict(latest.body) if latest else {},
    }
    cleaned = {}
    for field, values in raw.items():
        merged = dict(previous[field])
        for lang, text in values.items():
            merged[lang] = clean_html(text) if field == "body" else clean_text(text)
        cleaned[field] = {lang: text for lang, text in merged.items() if text}
    if not cleaned["title"].get(release.default_language):
        raise ValidationError(
            {
                "title": _("A release needs a title in %(language)s, the event's language.")
                % {"language": _(dict(settings.LANGUAGES)[release.default_language])}
            }
        )
    revision = Revision.objects.create(
        release=release,
        number=(current or 0) + 1,
        title=cleaned["title"],
        summary=cleaned["summary"],
        body=cleaned["body"],
        images=_image_snapshot(release),
        author=author if getattr(author, "is_authenticated", False) else None,
        note=note[:200],
        created_at=timezone.now(),
    )
    findings = spam.screen(
        cleaned, allowed_domains=release.newsroom.allowed_domains, raw={"body": raw["body"]}
    )
    SpamFlag.objects.bulk_create(
        SpamFlag(
            revision=revision,
            kind=f.kind,
            language=f.language,
            field=f.field,
            excerpt=f.excerpt[:300],
        )
        for f in findings
    )
    Release.objects.filter(pk=release.pk).update(updated_at=timezone.now())
    record(
        "release.revise",
        release,
        actor=author,
        event=release.event,
        summary=f"Saved revision {revision.number} of {release.slug}",
        revision=revision.number,
        flags=len(findings),
    )
    return revision


def check_image(upload) -> tuple[bytes, str, int, int]:
    """The upload's bytes and file extension, if it is really an image of an allowed kind and
    size (judged by its content, never by its name)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"file": _("The image is larger than %(mb)s MB.") % {"mb": MAX_IMAGE_BYTES // 2**20}}
        )
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"file": _("The image is larger than %(mb)s MB.") % {"mb": MAX_IMAGE_BYTES // 2**20}}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in IMAGE_FORMATS:
            raise ValidationError({"file": _("Upload a JPEG, PNG, WebP or GIF image.")})
        if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
            raise ValidationError(
                {
                    "file": _("The image is larger than %(px)s pixels on a side.")
                    % {"px": MAX_IMAGE_SIDE}
                }
            )
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decodes: a truncated or forged file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({"file": _("This file is not an image.")}) from None
    return data, IMAGE_FORMATS[kind], width, height


@transaction.atomic
def add_image(
    release: Release, upload, *, caption: dict, alt: dict, actor, based_on: int | None
) -> ReleaseImage:
    """Add an image (checked by content) with its caption and alternative text, and save a
    new revision showing it."""
    _require(actor, "write", release)
    caption = {k: clean_text(v) for k, v in _texts(caption, "caption").items() if clean_text(v)}
    alt = {k: clean_text(v) for k, v in _texts(alt, "alt").items() if clean_text(v)}
    if not alt.get(release.default_language):
        raise ValidationError(
            {"alt": _("Describe the image for readers who cannot see it (alternative text).")}
        )
    data, extension, width, height = check_image(upload)
    digest = hashlib.sha256(data).hexdigest()
    image = ReleaseImage(
        release=release,
        sha256=digest,
        width=width,
        height=height,
        caption=caption,
        alt=alt,
        position=release.images.count(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    image.file.save(f"{digest[:16]}.{extension}", ContentFile(data), save=False)
    image.width, image.height = width, height  # measured by the check, not re-read
    image.save()
    record("release.image_add", release, actor=actor, event=release.event, image=image.pk)
    latest = release.revisions.order_by("-number").first()
    save_revision(
        release,
        title={},
        summary={},
        body={},
        author=actor,
        based_on=based_on if based_on is not None else (latest.number if latest else None),
        note=_("Image added"),
    )
    return image


# --- Workflow -----------------------------------------------------------------------------


def _locked(release: Release) -> Release:
    return (
        Release.objects.select_for_update(of=("self",))
        .select_related("newsroom", "event")
        .get(pk=release.pk)
    )


def _transition(release, actor, action, allowed_from, to, audit) -> Release:
    _require(actor, action, release)
    release = _locked(release)
    if release.state not in allowed_from:
        raise Conflict(
            _("This cannot be done while the release is in the state “%(state)s”.")
            % {"state": release.get_state_display()}
        )
    release.state = to
    release.save(update_fields=["state", "updated_at"])
    record(f"release.{action}", release, actor=actor, event=release.event, state=to)
    return release


@transaction.atomic
def submit(release: Release, *, actor) -> Release:
    return _transition(release, actor, "submit", {S.DRAFT}, S.IN_REVIEW, "submitted")


@transaction.atomic
def approve(release: Release, *, actor) -> Release:
    return _transition(release, actor, "approve", {S.IN_REVIEW}, S.APPROVED, "approved")


@transaction.atomic
def return_to_draft(release: Release, *, actor) -> Release:
    return _transition(
        release, actor, "approve", {S.IN_REVIEW, S.APPROVED}, S.DRAFT, "returned to draft"
    )


@transaction.atomic
def withdraw(release: Release, *, actor) -> Release:
    return _transition(release, actor, "withdraw", {S.PUBLISHED}, S.WITHDRAWN, "withdrawn")


def open_flags(revision: Revision) -> list[SpamFlag]:
    return [f for f in revision.flags.all() if f.is_open]


@transaction.atomic
def publish(release: Release, *, actor, confirm: Iterable[int] = ()) -> Revision:
    """Publish the release's latest revision: sealed under the key from the environment.
    Refused, with nothing changed, without the publisher role, with a gap left, without a
    title in the event's language, or with an open spam flag that ``confirm`` (flag ids)
    does not name."""
    _require(actor, "publish", release)
    release = _locked(release)
    revision = release.revisions.order_by("-number").first()
    if revision is None:
        raise ValidationError(_("The release has no text yet."))
    if revision.seal and release.state == S.PUBLISHED:
        raise Conflict(_("This revision is published already."))
    if not revision.title.get(release.default_language):
        raise ValidationError(
            {"title": _("A release needs a title in the event's language before it is published.")}
        )
    gaps = [
        f"{field} ({lang})"
        for field in ("title", "summary", "body")
        for lang, text in getattr(revision, field).items()
        if drafting.has_gaps(text)
    ]
    if gaps:
        raise ValidationError(
            _("Fill the gaps marked [[…]] before publishing: %(where)s.")
            % {"where": ", ".join(gaps)}
        )
    confirm = {int(i) for i in confirm}
    now = timezone.now()
    still_open = []
    for flag in open_flags(revision):
        if flag.pk in confirm:
            flag.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
            flag.confirmed_at = now
            flag.save(update_fields=["confirmed_by", "confirmed_at"])
        else:
            still_open.append(flag)
    if still_open:
        raise ValidationError(
            _("Confirm each flag before publishing: %(flags)s.")
            % {
                "flags": "; ".join(
                    f"#{f.pk} {f.get_kind_display()} ({f.language}): {f.excerpt}"
                    for f in still_open
                )
            }
        )
    revision.sealed_at = now
    revision.sealed_by = actor if getattr(actor, "is_authenticated", False) else None
    revision.seal = seal.compute(revision)
    revision.save(update_fields=["seal", "sealed_at", "sealed_by"])
    release.state = S.PUBLISHED
    release.published_at = release.published_at or now
    release.publish_at = None
    release.save(update_fields=["state", "published_at", "publish_at", "updated_at"])
    record(
        "release.publish",
        release,
        actor=actor,
        event=release.event,
        summary=f"Published revision {revision.number} of {release.slug}",
        revision=revision.number,
        confirmed_flags=sorted(confirm),
    )
    return revision


@transaction.atomic
def schedule(release: Release, *, actor, when) -> Release:
    """Publish at ``when`` (a task, ``publish_due``), as ``actor``, who must be a publisher
    then too. The release must be approved."""
    _require(actor, "publish", release)
    release = _locked(release)
    if release.state != S.APPROVED:
        raise Conflict(_("Only an approved release can be scheduled."))
    release.publish_at = when
    release.scheduled_by = actor if getattr(actor, "is_authenticated", False) else None
    release.save(update_fields=["publish_at", "scheduled_by", "updated_at"])
    record("release.schedule", release, actor=actor, event=release.event, at=when.isoformat())
    return release


def publish_due(now=None) -> list[tuple[str, str]]:
    """Publish every approved release whose time has come, each as its scheduler; a release
    that cannot be published (a new flag, a gap) stays approved and is reported."""
    now = now or timezone.now()
    results = []
    due = Release.objects.filter(state=S.APPROVED, publish_at__lte=now).select_related(
        "scheduled_by"
    )
    for release in due:
        try:
            publish(release, actor=release.scheduled_by)
            results.append((release.slug, "published"))
        except (ValidationError, PermissionDenied, Conflict) as exc:
            logger.warning("Scheduled publication of %s failed: %s", release.slug, exc)
            results.append((release.slug, f"not published: {exc}"))
    return results


# --- Integrity ----------------------------------------------------------------------------


def report_altered(release: Release, revisions: list[Revision]) -> list[IntegrityAlert]:
    """A published revision no longer matches its seal: log it, keep an alert for the
    console's banner and e-mail the newsroom's editors, once per altered revision."""
    made = []
    for revision in revisions:
        logger.error(
            "Seal mismatch: release %s revision %s was changed outside the workflow",
            release.slug,
            revision.number,
        )
        try:
            with transaction.atomic():
                if IntegrityAlert.objects.filter(
                    revision=revision, resolved_at__isnull=True
                ).exists():
                    continue
                alert = IntegrityAlert.objects.create(release=release, revision=revision)
                record(
                    "release.seal_mismatch",
                    release,
                    event=release.event,
                    summary=f"Revision {revision.number} of {release.slug} fails its seal",
                    revision=revision.number,
                )
        except IntegrityError:  # another request reported it at the same moment
            continue
        made.append(alert)
        recipients = rules.alert_recipients(release)
        if recipients:
            subject = f"[Liaison] Release {release.slug}: stored content fails its seal"
            message = (
                f"Revision {revision.number} of the published release {release.slug} was "
                "changed outside the newsroom's workflow (its stored content no longer matches "
                "its seal). Readers are served the last revision that verifies, or a "
                "'temporarily unavailable' notice. Check the release in the console and "
                "publish a corrected revision.\n\n"
                f"修订版 {revision.number}（{release.slug}）的内容与封印不符，已停止向读者展示。\n"
                f"リリース {release.slug} の版 {revision.number} は封印と一致しません。"
                "読者には表示していません。"
            )
            transaction.on_commit(
                lambda s=subject, m=message, r=recipients: send_mail(
                    s, m, None, r, fail_silently=True
                )
            )
    return made


@transaction.atomic
def resolve_alerts(release: Release, *, actor) -> int:
    _require(actor, "publish", release)
    count = IntegrityAlert.objects.filter(release=release, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    record("release.alerts_resolved", release, actor=actor, event=release.event, count=count)
    return count
