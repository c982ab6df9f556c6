"""How good are the recommendations? precision@10 and recall@10 on a generated event with
planted true pairs, beside a random and an area-only baseline. Pure Python: no database.

The generated event: two sides (jp, cn). Each topic is a technology (fuel cells, imaging
diagnosis, telemedicine, ...) applied to a setting (hospitals, care homes, industrial parks,
...): 12 x 10 = 120 topics. For each topic one to three delegates of each side post about
it, the Japanese side mostly offering, the Chinese side mostly needing (a quarter the
other way round), each in their own words: Japanese delegates in Japanese or English,
Chinese delegates in Chinese or English, a third of them in two languages; offers and
needs are phrased differently ("…向け…の技術を提供します" / "寻求…的…解决方案" /
"We offer … for …" / "Looking for … for …"). Half the delegates post a second, unrelated
opportunity on a random topic. A topic's area is its technology's, so the area-only
baseline sees many same-area counterparts that are not true matches.

The truth: reader r and counterpart c (other side) are a true pair when an offer of one
and a need of the other are about the same topic. precision@10 = true pairs among the ten
ranked / 10; recall@10 = true pairs among the ten / all true pairs of the reader; both
averaged over readers. "oracle" is the best any ranking can do (readers have fewer than
ten true counterparts, so precision@10 cannot reach 1).

    PYTHONPATH=src python bench/recommendations.py [--seed 7] [--scale 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from liaison.matchmaking.recommender import (  # noqa: E402
    Delegate,
    Opportunity,
    area_only,
    recommend,
)

# technology: (area id, kind, ja, zh, en)
TECHNOLOGIES = [
    (1, "technology", "燃料電池", "燃料电池", "fuel cells"),
    (2, "technology", "画像診断", "影像诊断", "imaging diagnosis"),
    (6, "technology", "遠隔医療", "远程医疗", "telemedicine"),
    (7, "technology", "蓄電池", "储能电池", "battery storage"),
    (5, "technology", "交通信号制御", "交通信号控制", "traffic signal control"),
    (4, "technology", "浄水装置", "净水设备", "water purification"),
    (3, "partnership", "認知症ケア", "认知症照护", "dementia care"),
    (3, "technology", "見守りセンサー", "监护传感器", "monitoring sensors"),
    (1, "technology", "データ分析", "数据分析", "data analytics"),
    (7, "project", "太陽光発電", "光伏发电", "solar power"),
    (2, "research", "臨床研究", "临床研究", "clinical research"),
    (6, "technology", "電子カルテ", "电子病历", "electronic health records"),
]
# setting: (ja, zh, en)
SETTINGS = [
    ("病院", "医院", "hospitals"),
    ("介護施設", "养老机构", "care homes"),
    ("工業団地", "工业园区", "industrial parks"),
    ("農村地域", "农村地区", "rural areas"),
    ("地下鉄", "地铁", "metro lines"),
    ("学校", "学校", "schools"),
    ("工場", "工厂", "factories"),
    ("集合住宅", "住宅小区", "housing estates"),
    ("路線バス", "公交车", "city buses"),
    ("物流センター", "物流中心", "logistics centres"),
]


def phrase(topic: tuple[int, int], direction: str, language: str) -> str:
    tech, place = TECHNOLOGIES[topic[0]], SETTINGS[topic[1]]
    ja, zh, en = (tech[2], place[0]), (tech[3], place[1]), (tech[4], place[2])
    if language == "ja":
        if direction == "offer":
            return f"{ja[1]}向けの{ja[0]}の技術を提供します。導入実績があります。"
        return f"{ja[1]}で使える{ja[0]}を探しています。パートナーを募集します。"
    if language == "zh-hans":
        if direction == "offer":
            return f"我们提供面向{zh[1]}的{zh[0]}技术，已有应用案例。"
        return f"寻求适用于{zh[1]}的{zh[0]}解决方案，欢迎合作。"
    if direction == "offer":
        return f"We offer {en[0]} for {en[1]}, proven in several sites."
    return f"Looking for {en[0]} solutions for {en[1]}; partners welcome."


def generate(seed: int, scale: int):
    rng = random.Random(seed)
    topics = [(t, s) for t in range(len(TECHNOLOGIES)) for s in range(len(SETTINGS))]
    delegates: list[Delegate] = []
    posts: list[tuple[int, str, tuple[int, int], str]] = []  # delegate, side, topic, direction
    next_id = iter(range(1, 10**7))

    def add(side: str, own_languages: list[str], topic, direction) -> None:
        did = next(next_id)
        languages = [rng.choice(own_languages)]
        if rng.random() < 1 / 3:
            languages = own_languages  # writes in both
        items = [(topic, direction)]
        if rng.random() < 0.5:  # a second, unrelated post
            items.append((rng.choice(topics), rng.choice(("offer", "need"))))
        opps = []
        for k, (tp, dr) in enumerate(items):
            text = " ".join(phrase(tp, dr, lang) for lang in languages)
            area, kind = TECHNOLOGIES[tp[0]][0], TECHNOLOGIES[tp[0]][1]
            opps.append(Opportunity(did * 10 + k, dr, kind, area, text))
            posts.append((did, side, tp, dr))
        areas = frozenset({o.area for o in opps} | {rng.randint(1, 7)})
        pitch = {
            "ja": "日本企業です。協力先を探しています。",
            "zh-hans": "我们是中国企业，寻求合作。",
        }
        text = " ".join(pitch.get(lang, "We look for partners.") for lang in languages)
        delegates.append(Delegate(did, side, areas, text, opps))

    for _round in range(scale):
        for topic in topics:
            jp_offers = rng.random() < 0.75
            for _ in range(rng.randint(1, 3)):
                add("jp", ["ja", "en"], topic, "offer" if jp_offers else "need")
            for _ in range(rng.randint(1, 3)):
                add("cn", ["zh-hans", "en"], topic, "need" if jp_offers else "offer")
    # the truth: an offer of one meets a need of the other on the same topic
    by_topic: dict = {}
    for did, side, tp, dr in posts:
        by_topic.setdefault(tp, []).append((did, side, dr))
    truth: dict[int, set[int]] = {d.id: set() for d in delegates}
    for entries in by_topic.values():
        for a, side_a, dir_a in entries:
            for b, side_b, dir_b in entries:
                if side_a != side_b and dir_a != dir_b:
                    truth[a].add(b)
    return delegates, truth


def score(ranked: dict[int, list[int]], truth: dict[int, set[int]], k: int = 10):
    readers = [r for r, t in truth.items() if t]
    precision = sum(len(set(ranked.get(r, [])[:k]) & truth[r]) / k for r in readers)
    recall = sum(len(set(ranked.get(r, [])[:k]) & truth[r]) / len(truth[r]) for r in readers)
    return precision / len(readers), recall / len(readers), len(readers)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=1, help="topic rounds (1: ~480 delegates)")
    args = parser.parse_args(argv)
    delegates, truth = generate(args.seed, args.scale)
    rng = random.Random(args.seed + 1)
    sides = {d.id: d.side for d in delegates}

    started = time.perf_counter()
    ours = {r: [m.counterpart for m in ms] for r, ms in recommend(delegates, top=10).items()}
    took = time.perf_counter() - started
    others = {s: [d.id for d in delegates if d.side != s] for s in ("jp", "cn")}
    randomly = {d.id: rng.sample(others[d.side], 10) for d in delegates}
    areas = area_only(delegates, top=10)
    oracle = {r: sorted(t)[:10] for r, t in truth.items()}
    assert all(sides[c] != sides[r] for r, cs in ours.items() for c in cs)

    n_pairs = sum(len(t) for t in truth.values()) // 2
    print(
        f"generated event: {len(delegates)} delegates "
        f"({sum(1 for d in delegates if d.side == 'jp')} jp, "
        f"{sum(1 for d in delegates if d.side == 'cn')} cn), "
        f"{sum(len(d.opportunities) for d in delegates)} offers and needs, "
        f"{n_pairs} planted true pairs; seed {args.seed}"
    )
    print(f"recommendations for all delegates computed in {took:.2f} s\n")
    print(f"{'ranking':<34} {'precision@10':>12} {'recall@10':>10}")
    rows = [
        ("random (other side)", randomly),
        ("area-only baseline", areas),
        ("liaison recommender (TF-IDF+areas)", ours),
        ("oracle (best possible)", oracle),
    ]
    for name, ranked in rows:
        p, r, _n = score(ranked, truth)
        print(f"{name:<34} {p:>12.3f} {r:>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
