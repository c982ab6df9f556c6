"""The demo seminar's matchmaking: profiles, offers and needs, requests in every state, a
published schedule and some outcomes, all made through the services.

The delegates are the approved registrations that ``liaison.registration.demo`` made
(it runs before this module: INSTALLED_APPS order). The Japanese companies mostly offer
technology and seek partners, the Sichuan and Chongqing organisations mostly need it and
offer projects, sites and investment, each in one of the seminar's areas. The schedule is
made by a real run of the scheduler (inline, a few seconds) inside the programme's
matchmaking block, then published; nobody is e-mailed.
"""

from __future__ import annotations

from datetime import date, timedelta

from liaison.core.i18n import localize
from liaison.events.models import TeamMember
from liaison.registration.models import Registration, RegistrationStatus

from . import services, tasks
from .models import RequestStatus

RUN_SECONDS = 5  # the demo's scheduling run: a real run, kept short
MEETING_MINUTES = 15
TABLES = 24
VIDEO_ROOMS = 16


def three(en: str, zh: str, ja: str) -> dict:
    return {"en": en, "zh-hans": zh, "ja": ja}


# area -> (offers, needs); each (kind, title, description), texts in three languages.
# Offers come mostly from the Japanese side, needs mostly from the Chinese side; a few of
# each cross over (a Chinese city offers a pilot site, a Japanese firm needs a distributor).
BANK = {
    "digital-economy": (
        [
            (
                "technology",
                three(
                    "Cloud platform for factory data", "工厂数据云平台", "工場データのクラウド基盤"
                ),
                three(
                    "Collects machine data on the shop floor and turns it into daily efficiency reports.",  # noqa: E501
                    "采集车间设备数据，自动生成每日效率报告。",
                    "現場の設備データを収集し、日々の効率レポートに変換します。",
                ),
            ),
            (
                "technology",
                three(
                    "Digital twin for industrial parks",
                    "产业园区数字孪生",
                    "産業団地のデジタルツイン",
                ),
                three(
                    "A 3D model of a park's buildings, energy and traffic, updated from sensors.",
                    "基于传感器实时更新的园区建筑、能源和交通三维模型。",
                    "センサーで更新される、団地の建物・エネルギー・交通の3Dモデル。",
                ),
            ),
            (
                "partnership",
                three(
                    "Data centre operations know-how",
                    "数据中心运维经验",
                    "データセンター運用ノウハウ",
                ),
                three(
                    "Twenty years of running data centres with high availability and low energy use.",  # noqa: E501
                    "二十年高可用、低能耗数据中心运营经验。",
                    "高可用性・省エネルギーのデータセンターを20年運用してきた経験。",
                ),
            ),
        ],
        [
            (
                "technology",
                three(
                    "Smart manufacturing upgrade for SMEs",
                    "中小企业智能制造升级",
                    "中小企業のスマート製造化",
                ),
                three(
                    "Local manufacturers want affordable sensors and analytics for older production lines.",  # noqa: E501
                    "本地制造企业希望为老旧产线引入价格适中的传感器和数据分析。",
                    "地元の製造業が、古い生産ラインに手頃なセンサーと分析を求めています。",
                ),
            ),
            (
                "partnership",
                three(
                    "Partner for an industrial internet platform",
                    "工业互联网平台合作伙伴",
                    "産業用IoTプラットフォームのパートナー",
                ),
                three(
                    "A provincial platform seeks partners for factory data collection and cloud services.",  # noqa: E501
                    "省级平台寻求工厂数据采集与云服务方面的合作伙伴。",
                    "省レベルのプラットフォームが、工場データ収集とクラウドの協力先を探しています。",
                ),
            ),
        ],
    ),
    "medical-health": (
        [
            (
                "technology",
                three(
                    "AI-assisted imaging diagnosis", "人工智能辅助影像诊断", "AIによる画像診断支援"
                ),
                three(
                    "Software that flags suspicious findings in CT and MRI images for the radiologist.",  # noqa: E501
                    "为放射科医生标记CT和MRI影像中可疑病灶的软件。",
                    "CT・MRI画像の疑わしい所見を放射線科医に示すソフトウェア。",
                ),
            ),
            (
                "technology",
                three(
                    "Compact MRI for county hospitals",
                    "面向县级医院的小型磁共振",
                    "郡病院向け小型MRI",
                ),
            ),
            (
                "research",
                three(
                    "Joint clinical research on cancer screening",
                    "癌症筛查联合临床研究",
                    "がん検診の共同臨床研究",
                ),
                three(
                    "A university hospital offers a protocol and data platform for multi-centre studies.",  # noqa: E501
                    "大学附属医院提供多中心研究的方案和数据平台。",
                    "大学病院が多施設共同研究のプロトコルとデータ基盤を提供します。",
                ),
            ),
        ],
        [
            (
                "procurement",
                three(
                    "Imaging equipment for county hospitals",
                    "县级医院影像设备采购",
                    "郡病院の画像診断機器の調達",
                ),
                three(
                    "Forty county hospitals will renew their CT and MRI equipment over three years.",  # noqa: E501
                    "四十家县级医院将在三年内更新CT和磁共振设备。",
                    "40の郡病院が3年かけてCT・MRIを更新します。",
                ),
            ),
            (
                "research",
                three(
                    "Partner for early cancer detection research",
                    "早期癌症筛查研究合作",
                    "がん早期発見研究のパートナー",
                ),
                three(
                    "A cancer centre seeks a foreign partner for a screening study.",
                    "肿瘤中心寻求境外合作伙伴开展筛查研究。",
                    "がんセンターが検診研究の海外パートナーを探しています。",
                ),
            ),
        ],
    ),
    "elderly-care": (
        [
            (
                "technology",
                three("Remote monitoring for care homes", "养老院远程监护", "介護施設の遠隔見守り"),
                three(
                    "Bed and room sensors that alert night staff to falls and wandering.",
                    "床位和房间传感器，向夜班护理人员提示跌倒和走失。",
                    "転倒や徘徊を夜勤スタッフに知らせるベッド・居室センサー。",
                ),
            ),
            (
                "technology",
                three(
                    "Care robots for lifting and transfer", "移位搬运护理机器人", "移乗介助ロボット"
                ),
                three(
                    "Robots that help carers lift and move residents safely.",
                    "帮助护理人员安全抬起和移动老人的机器人。",
                    "介護者が入居者を安全に持ち上げ移動させるのを助けるロボット。",
                ),
            ),
            (
                "partnership",
                three(
                    "Training programme for care workers",
                    "护理人员培训项目",
                    "介護職員の研修プログラム",
                ),
                three(
                    "A care group's curriculum and trainers for dementia care.",
                    "养老集团提供认知症照护课程和培训师。",
                    "介護グループによる認知症ケアのカリキュラムと講師。",
                ),
            ),
        ],
        [
            (
                "technology",
                three(
                    "Fall detection for community elderly care",
                    "社区养老跌倒监测",
                    "地域の高齢者の転倒検知",
                ),
                three(
                    "Community care centres need sensors and alerts for elderly people living alone.",  # noqa: E501
                    "社区养老服务中心需要为独居老人配备传感器和报警系统。",
                    "地域の介護センターが、一人暮らしの高齢者向けのセンサーと通報を求めています。",
                ),
            ),
            (
                "partnership",
                three(
                    "Operator for a new care home",
                    "新建养老院运营合作",
                    "新設介護施設の運営パートナー",
                ),
                three(
                    "A 300-bed care home in Chengdu seeks an experienced operator.",
                    "成都一家300张床位的养老院寻求有经验的运营方。",
                    "成都の300床の介護施設が経験ある運営者を探しています。",
                ),
            ),
            ("partnership", three("Dementia care training", "认知症照护培训", "認知症ケアの研修")),
        ],
    ),
    "quality-of-life": (
        [
            (
                "technology",
                three(
                    "Water purification for small towns",
                    "小城镇净水技术",
                    "小規模な町向けの浄水技術",
                ),
                three(
                    "Compact membrane units for towns of 5,000 to 50,000 people.",
                    "适用于五千至五万人口城镇的小型膜处理设备。",
                    "人口5千〜5万人の町向けの小型膜処理装置。",
                ),
            ),
            (
                "technology",
                three(
                    "Smart home energy management",
                    "智能家居能源管理",
                    "スマートホームのエネルギー管理",
                ),
                three(
                    "A home gateway that balances heating, appliances and rooftop solar.",
                    "平衡供暖、家电和屋顶光伏的家庭网关。",
                    "暖房・家電・屋根置き太陽光を調整する家庭用ゲートウェイ。",
                ),
            ),
        ],
        [
            (
                "project",
                three("Rural drinking water upgrade", "农村饮水提升工程", "農村の飲料水改善事業"),
                three(
                    "Mountain townships need reliable small-scale water treatment.",
                    "山区乡镇需要可靠的小规模水处理设施。",
                    "山間部の郷鎮が信頼できる小規模浄水を必要としています。",
                ),
            ),
            (
                "investment",
                three(
                    "Investor for a smart community pilot",
                    "智慧社区试点投资",
                    "スマートコミュニティ実証への投資",
                ),
                three(
                    "A new district offers a pilot site and seeks co-investment.",
                    "新区提供试点场地，寻求联合投资。",
                    "新区が実証用地を提供し、共同投資を求めています。",
                ),
            ),
        ],
    ),
    "intelligent-transportation": (
        [
            (
                "technology",
                three("Traffic signal optimisation", "交通信号优化", "交通信号の最適化"),
                three(
                    "Adaptive signal control that cut waiting times by a fifth in three cities.",
                    "自适应信号控制，已在三座城市将等待时间缩短五分之一。",
                    "3都市で待ち時間を2割減らした適応型信号制御。",
                ),
            ),
            (
                "technology",
                three(
                    "Rail operations and maintenance systems",
                    "轨道交通运维系统",
                    "鉄道の運行・保守システム",
                ),
                three(
                    "Predictive maintenance for trains and track from onboard sensors.",
                    "基于车载传感器的列车和轨道预测性维护。",
                    "車載センサーによる車両と線路の予知保全。",
                ),
            ),
        ],
        [
            (
                "project",
                three(
                    "Smart traffic management for a new district",
                    "新区智慧交通管理",
                    "新区のスマート交通管理",
                ),
                three(
                    "A district of 400,000 people plans adaptive signals and a traffic centre.",
                    "一个四十万人口的新区计划建设自适应信号和交通指挥中心。",
                    "人口40万人の新区が、適応型信号と交通管制センターを計画しています。",
                ),
            ),
            (
                "procurement",
                three("Maintenance of the metro fleet", "地铁车辆维保", "地下鉄車両の保守"),
            ),
        ],
    ),
    "digital-health-care": (
        [
            (
                "technology",
                three("Telemedicine platform", "远程医疗平台", "遠隔医療プラットフォーム"),
                three(
                    "Video consultations, e-prescriptions and records shared between hospitals.",
                    "视频问诊、电子处方以及医院间病历共享。",
                    "ビデオ診療、電子処方、病院間の診療記録共有。",
                ),
            ),
            (
                "technology",
                three(
                    "Wearables for chronic disease",
                    "慢病管理可穿戴设备",
                    "慢性疾患向けウェアラブル",
                ),
                three(
                    "Blood pressure and glucose wearables with a nurse dashboard.",
                    "带护士看板的血压和血糖可穿戴设备。",
                    "看護師用ダッシュボード付きの血圧・血糖ウェアラブル。",
                ),
            ),
        ],
        [
            (
                "technology",
                three(
                    "Remote consultations for rural clinics",
                    "乡村诊所远程会诊",
                    "農村診療所の遠隔診療",
                ),
                three(
                    "Township clinics need video links to specialists in city hospitals.",
                    "乡镇卫生院需要与城市医院专家的视频连线。",
                    "郷鎮の診療所が都市の病院の専門医とのビデオ接続を必要としています。",
                ),
            ),
            (
                "partnership",
                three(
                    "Chronic disease management partner",
                    "慢病管理合作伙伴",
                    "慢性疾患管理のパートナー",
                ),
                three(
                    "A health commission seeks partners for home monitoring of hypertension.",
                    "卫健委寻求高血压居家监测方面的合作伙伴。",
                    "衛生健康委員会が高血圧の在宅モニタリングの協力先を探しています。",
                ),
            ),
        ],
    ),
    "green-energy": (
        [
            (
                "technology",
                three("Hydrogen fuel cells for buses", "氢燃料电池公交", "水素燃料電池バス"),
                three(
                    "Fuel cell stacks and refuelling know-how for city bus fleets.",
                    "面向城市公交车队的燃料电池电堆和加氢经验。",
                    "路線バス向けの燃料電池スタックと水素充填のノウハウ。",
                ),
            ),
            (
                "technology",
                three("Battery storage for solar plants", "光伏电站储能", "太陽光発電所の蓄電池"),
                three(
                    "Grid-scale storage that smooths solar output and sells peak power.",
                    "平滑光伏出力、参与峰值售电的电网级储能。",
                    "太陽光の出力を平準化し、ピーク電力を販売する系統用蓄電池。",
                ),
            ),
        ],
        [
            (
                "project",
                three(
                    "Carbon-neutral industrial park",
                    "碳中和产业园区",
                    "カーボンニュートラル産業団地",
                ),
                three(
                    "A park aims at carbon neutrality by 2030 and seeks energy technology partners.",  # noqa: E501
                    "园区目标2030年实现碳中和，寻求能源技术合作伙伴。",
                    "2030年のカーボンニュートラルを目指す団地がエネルギー技術の協力先を探しています。",
                ),
            ),
            (
                "investment",
                three("Hydrogen bus demonstration line", "氢能公交示范线", "水素バスの実証路線"),
                three(
                    "A city plans a hydrogen bus line and seeks technology and investment.",
                    "城市计划开通氢能公交示范线，寻求技术和投资。",
                    "市が水素バス路線を計画し、技術と投資を求めています。",
                ),
            ),
        ],
    ),
}

NEXT_STEPS = {
    "follow_up": three("Exchange technical documents and meet again online.",
                       "交换技术资料，并再次线上会谈。",
                       "技術資料を交換し、オンラインで再度協議する。"),
    "mou": three("Draft a memorandum of understanding for a pilot.",
                 "起草试点合作谅解备忘录。",
                 "実証事業の覚書案を作成する。"),
    "project": three("Site visit in Chengdu and a joint project plan.",
                     "赴成都实地考察并制定联合项目计划。",
                     "成都で現地視察を行い、共同プロジェクト計画を立てる。"),
    "no_interest": three("", "", ""),
    "no_show": three("", "", ""),
}  # fmt: skip

PITCH = three(
    "%(org)s works on %(areas)s and looks for partners on the other side.",
    "%(org)s 专注于%(areas)s，希望与对方代表建立合作。",
    "%(org)sは%(areas)sに取り組んでおり、相手側のパートナーを探しています。",
)
SEPARATOR = {"en": ", ", "zh-hans": "、", "ja": "、"}
LANGUAGES = ("en", "zh-hans", "ja")


def _bank_item(item) -> tuple[str, dict, dict]:
    kind, title, *rest = item
    return kind, title, (rest[0] if rest else three("", "", ""))


def _profiles(event, delegates: list[Registration], rng) -> None:
    for reg in delegates:
        areas = list(reg.areas.all()) or list(event.areas.all()[:1])
        org = reg.organisation.name if reg.organisation else {"en": ""}
        pitch = {
            code: PITCH[code]
            % {
                "org": localize(org, code, "en").text,
                "areas": SEPARATOR[code].join(localize(a.name, code, "en").text for a in areas),
            }
            for code in LANGUAGES
        }
        spoken = sorted({reg.language, "en"} | ({"zh-hans"} if rng.random() < 0.15 else set()))
        services.save_profile(
            reg,
            pitch=pitch,
            languages=spoken,
            areas=[a.pk for a in areas],
            phone=f"+{'81' if reg.delegation.code == 'jp' else '86'} {rng.randint(10, 99)} "
            f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        )
        # the Japanese side mostly offers, the Chinese side mostly needs; one or two each
        offers_first = reg.delegation.code == "jp"
        for n in range(rng.choice((1, 1, 2))):
            area = rng.choice(areas)
            offers, needs = BANK.get(area.slug, ([], []))
            direction = "offer" if (offers_first == (n == 0 or rng.random() < 0.3)) else "need"
            choices = offers if direction == "offer" else needs
            if not choices:
                continue
            kind, title, description = _bank_item(rng.choice(choices))
            services.add_opportunity(
                reg,
                direction=direction,
                kind=kind,
                area=area.slug,
                title=title,
                description=description,
            )


def _requests(event, delegates: list[Registration], rng) -> list:
    """From the recommendations: each delegate asks a few of their recommended counterparts;
    the answers fall in every state; the organisers add must-meet pairs."""
    from . import selectors

    services.refresh_recommendations(event)
    by_pk = {r.pk: r for r in delegates}
    made = []
    for reg in rng.sample(delegates, k=len(delegates) * 3 // 5):
        recs = [r.registration for r in selectors.recommendations_for(reg, "en")]
        for other in recs[: rng.choice((1, 2, 2, 3))]:
            other = by_pk.get(other.pk)
            if other is None:
                continue
            request, created = services.request_meeting(
                reg, other, message=_greeting(reg, rng), notify=False
            )
            if created:
                made.append(request)
    for request in made:
        roll = rng.random()
        request.refresh_from_db(fields=["status"])
        if request.status != RequestStatus.PENDING:
            continue  # answered by asking back
        if roll < 0.62:
            services.accept(request, notify=False)
        elif roll < 0.74:
            services.decline(request, notify=False)
        elif roll < 0.82:
            services.cancel_request(request)
        # the rest wait for an answer
    jp = [r for r in delegates if r.delegation.code == "jp"]
    cn = [r for r in delegates if r.delegation.code == "cn"]
    for a, b in zip(rng.sample(jp, 3), rng.sample(cn, 3), strict=True):
        services.add_must_meet(a, b, message="Requested by the organisers.")
    return made


GREETINGS = {
    "en": ["We would like to discuss cooperation.", "Could we meet at the seminar?", ""],
    "zh-hans": ["希望与贵方探讨合作。", "期待在交流会上与您面谈。", ""],
    "ja": ["ぜひ協力についてお話ししたいです。", "セミナーでお会いできれば幸いです。", ""],
}


def _greeting(reg, rng) -> str:
    return rng.choice(GREETINGS.get(reg.language, GREETINGS["en"]))


def _schedule(event, organiser, rng):
    services.update_settings(event, meeting_minutes=MEETING_MINUTES)
    services.generate_slots(event)  # inside the programme's matchmaking block
    services.set_tables(event, TABLES, seats=4)
    services.set_video_rooms(event, VIDEO_ROOMS)
    run = services.start_run(event, actor=organiser, time_limit=RUN_SECONDS)
    # The same task a worker runs; here inline, now (the demo is one transaction, whose
    # commit would start it only after the demo: it then finds the run taken and stops).
    tasks.run_schedule(run.pk)
    run.refresh_from_db()
    if run.status == "done" and run.solver_status in ("optimal", "feasible"):
        services.publish_run(run, actor=organiser, notify=False)
    return run


def _outcomes(event, rng) -> None:
    from . import selectors

    held = date(2021, 7, 15)
    results = ["follow_up"] * 5 + ["mou"] * 2 + ["project", "no_interest", "no_interest", "no_show"]
    for meeting in selectors.schedule(event):
        if rng.random() > 0.45:
            continue
        result = rng.choice(results)
        sides = [meeting.request.requester, meeting.request.recipient]
        for reg in sides if rng.random() < 0.5 else sides[:1]:
            services.record_outcome(
                meeting.request,
                reg,
                result=result,
                next_steps=NEXT_STEPS[result][reg.language],
                follow_up_owner=reg.person.name_for(reg.language)
                if result in ("follow_up", "mou", "project")
                else "",
                due_date=held + timedelta(days=rng.choice((30, 45, 60, 90)))
                if result in ("follow_up", "mou", "project")
                else None,
            )


def extend_demo(event, context) -> None:
    rng = context.rng
    member = TeamMember.objects.filter(event=event, role="organiser").select_related("user").first()
    organiser = member.user if member else None
    delegates = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .exclude(delegation=None)
        .select_related("person", "organisation", "delegation", "event")
        .prefetch_related("areas")
        .order_by("pk")
    )
    if not delegates:
        return
    _profiles(event, delegates, rng)
    _requests(event, delegates, rng)
    _schedule(event, organiser, rng)
    _outcomes(event, rng)
