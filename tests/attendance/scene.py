"""A small seminar with registrations in every state, for the screens test."""

from __future__ import annotations

import uuid

from liaison.attendance import services
from tests.factories import CooperationAreaFactory, DelegationFactory, OrganisationFactory, three
from tests.site.seminar import build_seminar

from .factories import make_registration

CN_NAMES = [
    ("王", "磊", "Wang", "Lei"),
    ("李", "娜", "Li", "Na"),
    ("张", "伟", "Zhang", "Wei"),
    ("刘", "洋", "Liu", "Yang"),
    ("陈", "静", "Chen", "Jing"),
    ("杨", "帆", "Yang", "Fan"),
    ("赵", "敏", "Zhao", "Min"),
    ("黄", "涛", "Huang", "Tao"),
    ("周", "婷", "Zhou", "Ting"),
    ("吴", "强", "Wu", "Qiang"),
]
JP_NAMES = [
    ("東原", "敏昭", "Higashihara", "Toshiaki"),
    ("佐藤", "健", "Sato", "Ken"),
    ("鈴木", "真理", "Suzuki", "Mari"),
    ("高橋", "翔", "Takahashi", "Sho"),
    ("田中", "陽子", "Tanaka", "Yoko"),
    ("伊藤", "誠", "Ito", "Makoto"),
    ("渡辺", "彩", "Watanabe", "Aya"),
    ("山本", "大輔", "Yamamoto", "Daisuke"),
]


def build_scene():
    event = build_seminar(status="open", delegates=0)
    japan, china = event.delegations.order_by("position")
    areas = list(event.areas.order_by("position")[:3])
    orgs = {
        "cn": [
            OrganisationFactory(
                slug="shu-med", name=three("Shu Medical", "蜀医疗", "蜀メディカル"), country="CN"
            ),
            OrganisationFactory(
                slug="scu",
                name=three("Sichuan University", "四川大学", "四川大学"),
                kind="university",
                country="CN",
            ),
            OrganisationFactory(
                slug="cd-gov",
                name=three("Chengdu Commerce Bureau", "成都市商务局", "成都市商務局"),
                kind="government",
                country="CN",
            ),
        ],
        "jp": [
            OrganisationFactory(
                slug="hitachi-x",
                name=three("Hitachi, Ltd.", "日立制作所", "日立製作所"),
                country="JP",
            ),
            OrganisationFactory(
                slug="jetro-x",
                name=three("JETRO Chengdu", "日本贸易振兴机构成都", "ジェトロ成都"),
                kind="association",
                country="JP",
            ),
        ],
    }
    registrations = []
    plan = [("cn", china, n) for n in CN_NAMES] + [("jp", japan, n) for n in JP_NAMES]
    for i, (side, delegation, (family, given, family_latin, given_latin)) in enumerate(plan):
        mode = "online" if i % 6 == 5 else "onsite"
        status = "approved"
        if i in (4, 13):
            status = "pending"
        if i == 9:
            status = "waitlisted"
        if i == 16:
            status = "withdrawn"
        registration = make_registration(
            event,
            family_name=family,
            given_name=given,
            family_name_latin=family_latin,
            given_name_latin=given_latin,
            latin_order="given_first" if side == "jp" else "family_first",
            preferred_language="ja" if side == "jp" else "zh-hans",
            organisation=orgs[side][i % len(orgs[side])],
            delegation=delegation,
            mode=mode,
            status=status,
            needs="Wheelchair access; vegetarian meals" if i == 10 else "",
        )
        registration.areas.add(areas[i % len(areas)])
        registrations.append(registration)
    for registration in registrations[:8]:
        if registration.status == "approved" and registration.mode == "onsite":
            services.check_in(event, registration.badge_code, client_id=uuid.uuid4())
    for registration in registrations[:12]:
        if registration.status == "approved" and registration.mode == "online":
            services.record_join(registration)
    return event, registrations


__all__ = ["build_scene", "CooperationAreaFactory", "DelegationFactory"]
