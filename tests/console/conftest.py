from html.parser import HTMLParser

import pytest

from liaison.events.services import add_team_member
from tests.factories import UserFactory
from tests.site.seminar import build_seminar

PASSWORD = "a-long-test-password"  # what UserFactory sets


@pytest.fixture
def seminar(db):
    return build_seminar()


@pytest.fixture
def organiser(seminar):
    user = UserFactory(username="organiser")
    add_team_member(seminar, user, "organiser")
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def staff_member(seminar):
    """On the seminar's team for check-in: sees the record, changes nothing."""
    user = UserFactory(username="doorkeeper")
    add_team_member(seminar, user, "staff")
    return user


@pytest.fixture
def other_organiser(db):
    """Organises another event, not the seminar."""
    user = UserFactory(username="elsewhere")
    other = build_seminar(slug="tokyo-2022", delegates=1)
    add_team_member(other, user, "organiser")
    return user


@pytest.fixture
def console(client, organiser):
    """A client signed in as the seminar's organiser, reading English."""
    client.force_login(organiser)
    return client


def page_text(response) -> str:
    return response.content.decode()


class _FormReader(HTMLParser):
    """Reads what a browser would submit from the page's first POST form (with a given
    button's form found by ``marker``, a text inside the form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._multiple = False
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append([])
            return
        if not self._in_form:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._multiple, self._options = a["name"], "multiple" in a, []
        elif tag == "option" and self._select:
            self._option = (a.get("value", ""), "selected" in a)
            self._options.append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option:
            if self._option[1]:
                self.forms[-1].append((self._select, self._option[0]))
            self._option = None
        elif tag == "select":
            # A browser sends a single select's first option when none is selected.
            if not self._multiple and self._options and not any(s for _v, s in self._options):
                self.forms[-1].append((self._select, self._options[0][0]))
            self._select = None


def form_data(response, index: int = -1) -> dict:
    """The fields of a POST form on the page as a browser sends them (the last form by
    default: the header's sign-out form comes first), for ``client.post``."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.forms[index]:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    return data
