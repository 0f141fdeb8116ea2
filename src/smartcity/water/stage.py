"""Stage-storage (level-volume) tables of reservoirs: volume from level and back.

A reservoir's stage-storage curve comes from a bathymetric survey: the stored volume at a
series of water levels. Between two surveyed levels the volume is interpolated linearly
(the trapezoid rule on the surveyed areas, as USBR "Design of Small Dams" ch. 6 and
TCVN 8477:2010 treat reservoir storage curves; the error of the linear chord is small when
the table is dense). No Django import: the hub hook, the balance and the tests share it.

Out of range (stated, not guessed silently):
- below the lowest surveyed level the volume is the table's first volume (dead storage:
  the survey's floor); the answer says `below`;
- above the highest surveyed level the top segment's slope continues (the water surface
  at the top keeps its area, as it does on the near-vertical banks of an urban lake);
  the answer says `above`.
The inverse does the same mirror-wise; on a flat stretch (equal volumes) it answers the
lowest level that holds that volume.
"""
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

IN_RANGE, BELOW, ABOVE = "in_range", "below", "above"


class StageTableError(ValueError):
    """The table is not a stage-storage curve; `errors` lists (row index, field, code, message)."""

    def __init__(self, errors):
        super().__init__("; ".join(e[3] for e in errors))
        self.errors = errors


def check(levels, volumes) -> list[tuple[int, str, str, str]]:
    """Every reason a table is unusable: fewer than two rows, non-numeric or negative
    values, levels not strictly increasing, volumes decreasing. Row indices are 0-based."""
    errors = []
    if len(levels) != len(volumes):
        errors.append((0, "volume", "length_mismatch", "levels and volumes must have the same number of rows"))
        return errors
    if len(levels) < 2:
        errors.append((0, "level", "too_few_rows", "a stage-storage table needs at least two rows"))
    for i, (h, v) in enumerate(zip(levels, volumes)):
        for field, x in (("level", h), ("volume", v)):
            if not isinstance(x, (int, float)) or x != x or x in (float("inf"), float("-inf")):
                errors.append((i, field, "not_a_number", f"row {i + 1}: {field} is not a number"))
        if isinstance(v, (int, float)) and v < 0:
            errors.append((i, "volume", "negative", f"row {i + 1}: volume is negative"))
        if i and isinstance(h, (int, float)) and isinstance(levels[i - 1], (int, float)) and h <= levels[i - 1]:
            errors.append((i, "level", "not_increasing", f"row {i + 1}: level {h} is not above the previous level {levels[i - 1]}"))
        if i and isinstance(v, (int, float)) and isinstance(volumes[i - 1], (int, float)) and v < volumes[i - 1]:
            errors.append((i, "volume", "decreasing", f"row {i + 1}: volume {v} is below the previous volume {volumes[i - 1]}"))
    return errors


@dataclass(frozen=True)
class Stage:
    """A checked stage-storage table: levels (m, strictly increasing), volumes (m³, non-decreasing)."""

    levels: tuple
    volumes: tuple

    @classmethod
    def of(cls, levels, volumes) -> "Stage":
        levels, volumes = [float(x) if isinstance(x, (int, float)) else x for x in levels], \
            [float(x) if isinstance(x, (int, float)) else x for x in volumes]
        errors = check(levels, volumes)
        if errors:
            raise StageTableError(errors)
        return cls(tuple(levels), tuple(volumes))

    def volume(self, level: float) -> tuple[float, str]:
        """(volume m³, in_range | below | above) at `level` m."""
        hs, vs = self.levels, self.volumes
        if level < hs[0]:
            return vs[0], BELOW
        if level > hs[-1]:
            slope = (vs[-1] - vs[-2]) / (hs[-1] - hs[-2])
            return vs[-1] + slope * (level - hs[-1]), ABOVE
        i = bisect_right(hs, level)
        if i >= len(hs):
            return vs[-1], IN_RANGE
        h0, h1, v0, v1 = hs[i - 1], hs[i], vs[i - 1], vs[i]
        return v0 + (v1 - v0) * (level - h0) / (h1 - h0), IN_RANGE

    def level(self, volume: float) -> tuple[float, str]:
        """(level m, in_range | below | above) holding `volume` m³ (the inverse of `volume`)."""
        hs, vs = self.levels, self.volumes
        if volume < vs[0]:
            return hs[0], BELOW
        if volume > vs[-1]:
            slope = (vs[-1] - vs[-2]) / (hs[-1] - hs[-2])
            if slope <= 0:
                return hs[-1], ABOVE
            return hs[-1] + (volume - vs[-1]) / slope, ABOVE
        i = bisect_left(vs, volume)  # first row holding at least `volume`: the lowest level on a flat stretch
        if i == 0 or vs[i] == volume:
            return hs[i], IN_RANGE
        h0, h1, v0, v1 = hs[i - 1], hs[i], vs[i - 1], vs[i]
        return h0 + (h1 - h0) * (volume - v0) / (v1 - v0), IN_RANGE


def volume_at(levels, volumes, level: float) -> float:
    return Stage.of(levels, volumes).volume(level)[0]


def level_at(levels, volumes, volume: float) -> float:
    return Stage.of(levels, volumes).level(volume)[0]


def from_area_profile(levels, areas) -> list[float]:
    """Volumes of a table from surveyed water-surface areas (m²) at `levels`: the
    trapezoid rule, V(h_i) = V(h_{i-1}) + (A_{i-1} + A_i) / 2 x (h_i - h_{i-1}), starting at 0."""
    volumes = [0.0]
    for i in range(1, len(levels)):
        volumes.append(volumes[-1] + (areas[i - 1] + areas[i]) / 2 * (levels[i] - levels[i - 1]))
    return volumes
