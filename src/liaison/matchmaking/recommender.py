"""Who should meet whom: a pure function (no Django) from delegates, their areas and their
offers and needs to a ranked list of counterparts with a reason each.

Score of counterpart ``c`` for reader ``r`` (every part in [0, ~1.4]):

- **their offer meets your need**: the best pair (r's need, c's offer) by text similarity,
  plus a bonus when both are in the same area (and a smaller one for the same kind);
- **your offer meets their need**: the same the other way round (weighted a little less:
  the reader came for what they need);
- **shared areas**: Jaccard overlap of the areas each works in;
- **similar profile**: text similarity of their pitches and opportunities.

Text similarity is the cosine of character n-gram TF-IDF vectors (1-3 characters inside
word boundaries, sublinear term frequency), which needs no word segmentation and so
works for Chinese and Japanese as for English. Before counting n-grams the text is folded:
NFKC, case-folded, and the commonest simplified-Chinese and Japanese (shinjitai) forms of
the same character are mapped to one (医疗/医療, 经济/経済, 养老/養老 ...), so that a
Chinese need and a Japanese offer about the same thing share n-grams. English against
Chinese shares nothing at the character level: there the structured parts (area, kind)
and the multilingual texts delegates give carry the match.

Only counterparts on a side the reader may meet are ranked (``may_meet``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# Japanese shinjitai and simplified Chinese forms of the same character (one line each:
# Japanese, simplified). Both fold to the simplified form.
_VARIANTS = (
    "療疗 経经 済济 養养 護护 術术 発发 開开 電电 動动 車车 気气 環环 業业 産产 協协 農农 "
    "貿贸 輸输 資资 設设 備备 製制 導导 薬药 創创 拠据 網网 絡络 報报 計计 銀银 険险 関关 "
    "連连 務务 処处 議议 価价 値值 観观 遊游 廃废 棄弃 汚污 節节 約约 緑绿 鉄铁 輪轮 転转 "
    "換换 売卖 買买 単单 広广 東东 際际 長长 齢龄 機机 器器 構构 築筑 場场 市市 楽乐 "
    "質质 衛卫 検检 査查 診诊 断断 識识 認认 証证 験验 織织 緒绪 総总 合合 応应 実实 "
    "現现 頭头 脳脑 織织 線线 紙纸 級级 約约 細细 細细 組组 統统 続续 給给 維维 "
    "覧览 視视 規规 親亲 読读 調调 談谈 請请 論论 講讲 課课 謝谢 識识 譲让 "
    "営营 労劳 効效 勢势 勧劝 区区 医医 歯齿 様样 権权 標标 検检 楼楼 横横 "
    "殺杀 毎每 浄净 満满 湾湾 漢汉 灯灯 為为 無无 熱热 独独 猟猎 獣兽 畳叠 "
    "県县 砕碎 礼礼 禅禅 称称 穏稳 窓窗 竜龙 粋粹 糸丝 経经 絵绘 継继 続续 "
    "縄绳 縦纵 繊纤 聴听 肃肃 脱脱 臓脏 芸艺 荘庄 蔵藏 虚虚 衆众 術术 装装 "
    "訳译 証证 評评 詞词 試试 詳详 誉誉 誠诚 誤误 説说 読读 課课 調调 談谈 "
    "貨货 貸贷 費费 賃赁 賞赏 質质 購购 贈赠 践践 軽轻 輝辉 辺边 運运 過过 "
    "達达 遠远 適适 選选 遺遗 郷乡 酔醉 醸酿 釈释 鋼钢 録录 鏡镜 閉闭 関关 "
    "陽阳 際际 隠隐 雑杂 離离 難难 電电 響响 頂顶 項项 順顺 預预 領领 頻频 "
    "題题 類类 顔颜 願愿 風风 飛飞 飲饮 飯饭 館馆 駅驿 騒骚 験验 髪发 魚鱼 "
    "鳥鸟 鶏鸡 麦麦 黄黄 黒黑 点点 党党 "
)
_FOLD = {pair[0]: pair[1] for pair in _VARIANTS.split() if len(pair) == 2}
_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """NFKC, case-folded, Japanese character forms to simplified ones, spaces squeezed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().translate(_TABLE).split())


@dataclass(frozen=True)
class Opportunity:
    id: int
    direction: str  # "offer" or "need"
    kind: str
    area: int | None
    text: str  # all its languages, joined
    title: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Delegate:
    id: int
    side: str | None
    areas: frozenset[int]
    text: str  # pitch (every language) and organisation
    opportunities: list[Opportunity] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    counterpart: int
    score: float
    code: str  # their_offer | your_offer | shared_areas | similar_profile
    params: dict


AREA_BONUS = 0.35
KIND_BONUS = 0.1
W_THEIR_OFFER = 1.0
W_YOUR_OFFER = 0.8
W_AREAS = 0.35
W_PROFILE = 0.3


def cross_sides(a: str | None, b: str | None) -> bool:
    """The default rule: two different sides (a delegate without one meets anyone)."""
    return a is None or b is None or a != b


def _vectorise(texts: list[str]):
    vectoriser = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(1, 3),
        sublinear_tf=True,
        preprocessor=fold,
        dtype=np.float32,
        min_df=1,
    )
    if not any(t.strip() for t in texts):
        return None
    return vectoriser.fit_transform(texts)


def _group_max(matrix: np.ndarray, owners: np.ndarray, n: int, axis: int) -> np.ndarray:
    """Max of ``matrix`` over the rows (axis 0) or columns (axis 1) of each owner, as an
    n-long axis (owners without entries get 0). ``owners`` must be sorted."""
    shape = list(matrix.shape)
    shape[axis] = n
    out = np.zeros(shape, dtype=np.float32)
    if owners.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    reduced = np.maximum.reduceat(matrix, starts, axis=axis)
    if axis == 0:
        out[owners[starts], :] = np.maximum(reduced, 0)
    else:
        out[:, owners[starts]] = np.maximum(reduced, 0)
    return out


def recommend(
    delegates: list[Delegate],
    *,
    top: int = 10,
    may_meet: Callable[[Delegate, Delegate], bool] | None = None,
    exclude: Iterable[tuple[int, int]] = (),
) -> dict[int, list[Match]]:
    """For every delegate, up to ``top`` counterparts best first (score > 0 only).

    ``may_meet(reader, candidate)`` says who may be ranked (default: another side);
    ``exclude`` holds (reader id, candidate id) pairs to leave out."""
    may_meet = may_meet or (lambda r, c: cross_sides(r.side, c.side))
    n = len(delegates)
    if n == 0:
        return {}

    # opportunities, grouped by owner (sorted), split into needs and offers
    needs, offers = [], []
    for i, d in enumerate(delegates):
        for o in d.opportunities:
            (needs if o.direction == "need" else offers).append((i, o))
    texts = [d.text for d in delegates] + [o.text for _, o in needs] + [o.text for _, o in offers]
    matrix = _vectorise(texts)

    their_offer = np.zeros((n, n), dtype=np.float32)  # [reader, owner of the offer]
    profile = np.zeros((n, n), dtype=np.float32)
    pair_scores = None
    if matrix is not None:
        p = matrix[:n]
        profile = (p @ p.T).toarray().astype(np.float32)
        if needs and offers:
            nv = matrix[n : n + len(needs)]
            ov = matrix[n + len(needs) :]
            s = (nv @ ov.T).toarray().astype(np.float32)
            need_area = np.array([o.area if o.area is not None else -1 for _, o in needs])
            offer_area = np.array([o.area if o.area is not None else -2 for _, o in offers])
            need_kind = np.array([o.kind for _, o in needs])
            offer_kind = np.array([o.kind for _, o in offers])
            s += AREA_BONUS * (need_area[:, None] == offer_area[None, :])
            s += KIND_BONUS * (need_kind[:, None] == offer_kind[None, :])
            pair_scores = s
            need_owner = np.array([i for i, _ in needs])
            offer_owner = np.array([i for i, _ in offers])
            by_offer_owner = _group_max(s, offer_owner, n, axis=1)  # [need, owner]
            their_offer = _group_max(by_offer_owner, need_owner, n, axis=0)  # [reader, owner]
    your_offer = their_offer.T  # r's offer meets c's need = c's "their offer" of r

    areas = [d.areas | {o.area for o in d.opportunities if o.area is not None} for d in delegates]
    area_matrix = np.zeros((n, n), dtype=np.float32)
    all_areas = sorted({a for s in areas for a in s})
    if all_areas:
        col = {a: j for j, a in enumerate(all_areas)}
        incidence = np.zeros((n, len(all_areas)), dtype=np.float32)
        for i, s in enumerate(areas):
            for a in s:
                incidence[i, col[a]] = 1.0
        inter = incidence @ incidence.T
        sizes = incidence.sum(axis=1)
        union = sizes[:, None] + sizes[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            area_matrix = np.where(union > 0, inter / union, 0).astype(np.float32)

    score = (
        W_THEIR_OFFER * their_offer
        + W_YOUR_OFFER * your_offer
        + W_AREAS * area_matrix
        + W_PROFILE * profile
    )
    np.fill_diagonal(score, -1.0)
    excluded = set(exclude)

    needs_of: dict[int, list[int]] = {}
    offers_of: dict[int, list[int]] = {}
    for k, (i, _) in enumerate(needs):
        needs_of.setdefault(i, []).append(k)
    for k, (i, _) in enumerate(offers):
        offers_of.setdefault(i, []).append(k)

    def best_pair(need_rows: list[int], offer_cols: list[int]) -> tuple[int, int] | None:
        if pair_scores is None or not need_rows or not offer_cols:
            return None
        sub = pair_scores[np.ix_(need_rows, offer_cols)]
        a, b = np.unravel_index(int(np.argmax(sub)), sub.shape)
        return need_rows[a], offer_cols[b]

    out: dict[int, list[Match]] = {}
    for r, reader in enumerate(delegates):
        order = np.argsort(-score[r], kind="stable")
        matches: list[Match] = []
        for c in order:
            c = int(c)
            if score[r, c] <= 0 or len(matches) >= top:
                break
            cand = delegates[c]
            if (reader.id, cand.id) in excluded or not may_meet(reader, cand):
                continue
            parts = {
                "their_offer": W_THEIR_OFFER * their_offer[r, c],
                "your_offer": W_YOUR_OFFER * your_offer[r, c],
                "shared_areas": W_AREAS * area_matrix[r, c],
                "similar_profile": W_PROFILE * profile[r, c],
            }
            code = max(parts, key=parts.get)
            params: dict = {}
            if code == "their_offer":
                pair = best_pair(needs_of.get(r, []), offers_of.get(c, []))
                if pair:
                    need, offer = needs[pair[0]][1], offers[pair[1]][1]
                    params = {"offer": offer.id, "need": need.id, "area": offer.area}
            elif code == "your_offer":
                pair = best_pair(needs_of.get(c, []), offers_of.get(r, []))
                if pair:
                    need, offer = needs[pair[0]][1], offers[pair[1]][1]
                    params = {"offer": offer.id, "need": need.id, "area": need.area}
            if code in ("their_offer", "your_offer") and not params:
                code = "shared_areas" if area_matrix[r, c] > 0 else "similar_profile"
            if code == "shared_areas":
                params = {"areas": sorted(areas[r] & areas[c])}
            matches.append(Match(cand.id, round(float(score[r, c]), 4), code, params))
        out[reader.id] = matches
    return out


def area_only(
    delegates: list[Delegate],
    *,
    top: int = 10,
    may_meet: Callable[[Delegate, Delegate], bool] | None = None,
) -> dict[int, list[int]]:
    """The baseline: rank by the number of shared areas only (ties by id)."""
    may_meet = may_meet or (lambda r, c: cross_sides(r.side, c.side))
    areas = {
        d.id: d.areas | {o.area for o in d.opportunities if o.area is not None} for d in delegates
    }
    out = {}
    for r in delegates:
        ranked = sorted(
            (c for c in delegates if c.id != r.id and may_meet(r, c)),
            key=lambda c: (-len(areas[r.id] & areas[c.id]), c.id),
        )
        out[r.id] = [c.id for c in ranked[:top]]
    return out
