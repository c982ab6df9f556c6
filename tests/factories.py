"""factory_boy factories, one per model, with text in the three content languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model

from liaison.events import services
from liaison.events.models import (
    CooperationArea,
    Delegation,
    Event,
    Organisation,
    Person,
    Role,
)
from liaison.programme import services as programme_services
from liaison.programme.models import AgendaItem


class ServiceFactory(factory.django.DjangoModelFactory):
    """Creates through the app's service (the one write path), so that what a test sets up
    is kept exactly like real data: audited, indexed for search, listed with its event."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls.create_with_service(**kwargs)


def three(en: str, zh: str, ja: str) -> dict:
    return {"en": en, "zh-hans": zh, "ja": ja}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class OrganisationFactory(ServiceFactory):
    class Meta:
        model = Organisation

    @staticmethod
    def create_with_service(**fields):
        return services.create_organisation(**fields)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(
        lambda n: three(f"Example Works {n}", f"示例工厂{n}", f"サンプル工業{n}")
    )
    kind = Organisation.Kind.COMPANY
    country = "JP"
    city = factory.LazyFunction(lambda: three("Chengdu", "成都", "成都"))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")


class EventFactory(ServiceFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    @staticmethod
    def create_with_service(organisers=(), **fields):
        return services.create_event(organisers=organisers or (), **fields)

    slug = factory.Sequence(lambda n: f"seminar-{n}")
    title = factory.Sequence(
        lambda n: three(f"Cooperation Seminar {n}", f"合作交流会{n}", f"協力セミナー{n}")
    )
    theme = factory.LazyFunction(
        lambda: three("Digital cooperation", "数字合作", "デジタル分野の協力")
    )
    description = factory.LazyFunction(
        lambda: three(
            "Held online and offline.", "线上线下同步举行。", "オンラインと会場で同時開催。"
        )
    )
    timezone = "Asia/Shanghai"
    # 14:00 China Standard Time on 15 July 2021.
    starts_at = datetime(2021, 7, 15, 6, 0, tzinfo=UTC)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3, minutes=30))
    city = factory.LazyFunction(lambda: three("Chengdu", "成都", "成都"))
    venue = factory.LazyFunction(lambda: three("Conference hall", "会议厅", "会議ホール"))
    online_channel = factory.LazyFunction(lambda: three("Live stream", "网络直播", "ライブ配信"))
    online_url = "https://live.example.org/seminar"
    languages = factory.LazyFunction(lambda: ["en", "zh-hans", "ja"])
    default_language = "en"
    status = Event.Status.OPEN


class DelegationFactory(ServiceFactory):
    class Meta:
        model = Delegation

    @staticmethod
    def create_with_service(event, code, name, **fields):
        return services.add_delegation(event, code, name, **fields)

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"side{n}")
    name = factory.Sequence(lambda n: three(f"Side {n}", f"第{n}方", f"第{n}団"))
    country = "JP"


class CooperationAreaFactory(ServiceFactory):
    class Meta:
        model = CooperationArea

    @staticmethod
    def create_with_service(event, slug, name, **fields):
        return services.add_area(event, slug, name, **fields)

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(
        lambda n: three(f"Digital economy {n}", f"数字经济{n}", f"デジタル経済{n}")
    )
    position = factory.Sequence(lambda n: n)


class PersonFactory(ServiceFactory):
    """A person with a Chinese name written family-first in both scripts."""

    class Meta:
        model = Person

    @staticmethod
    def create_with_service(**fields):
        return services.create_person(**fields)

    family_name = "张"
    given_name = factory.Sequence(lambda n: f"测试{n}")
    family_name_latin = "Zhang"
    given_name_latin = factory.Sequence(lambda n: f"Ceshi{n}")
    latin_order = Person.LatinOrder.FAMILY_FIRST
    title = factory.LazyFunction(lambda: three("Engineer", "工程师", "エンジニア"))
    preferred_language = "zh-hans"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class RoleFactory(ServiceFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    @staticmethod
    def create_with_service(event, person, kind, **fields):
        return services.add_role(event, person, kind, **fields)

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Role.Kind.DELEGATE
    mode = Role.Mode.ONSITE
    delegation = factory.SubFactory(DelegationFactory, event=factory.SelfAttribute("..event"))

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            services.update_role(obj, areas=extracted)


class AgendaItemFactory(ServiceFactory):
    class Meta:
        model = AgendaItem
        skip_postgeneration_save = True

    @staticmethod
    def create_with_service(event, **fields):
        return programme_services.create_item(event, **fields)

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda a: a.event.starts_at)
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + timedelta(minutes=30))
    kind = AgendaItem.Kind.SPEECH
    title = factory.LazyFunction(lambda: three("Speech", "致辞", "挨拶"))
    room = factory.LazyFunction(lambda: three("Main hall", "主会场", "メイン会場"))

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        if create and extracted:
            programme_services.update_item(obj, people=extracted)
