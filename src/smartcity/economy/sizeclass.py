"""Size class of an enterprise: micro, small, medium or large.

Source: Decree 80/2021/NĐ-CP (guiding the Law on Support for SMEs), Article 5. An
enterprise is in a class when its average number of employees paying social insurance
is within the limit AND its yearly revenue OR its total capital is within the limit:

  sector group                                   micro         small          medium
  agriculture, forestry, fishing; industry and   10 people,    100 people,    200 people,
  construction (VSIC sections A-F)               3 bn / 3 bn   50 bn / 20 bn  200 bn / 100 bn
  trade and services (sections G-U)              10 people,    50 people,     100 people,
                                                 10 bn / 3 bn  100 bn / 50 bn 300 bn / 100 bn
  (revenue / capital, VND)

Otherwise the enterprise is large. Article 6: the sector group is that of the main
business line. Where revenue or capital is unknown, the one known counts; where both are
unknown, employees alone decide (stated in the module documentation). No Django import.
"""
BN = 1_000_000_000

MICRO, SMALL, MEDIUM, LARGE = "micro", "small", "medium", "large"
CLASSES = (MICRO, SMALL, MEDIUM, LARGE)

# group -> [(class, max employees, max revenue VND, max capital VND)]
LIMITS = {
    "industry": [(MICRO, 10, 3 * BN, 3 * BN), (SMALL, 100, 50 * BN, 20 * BN), (MEDIUM, 200, 200 * BN, 100 * BN)],
    "services": [(MICRO, 10, 10 * BN, 3 * BN), (SMALL, 50, 100 * BN, 50 * BN), (MEDIUM, 100, 300 * BN, 100 * BN)],
}


def sector_group(section: str | None) -> str:
    """'industry' for VSIC sections A-F (agriculture ... construction), 'services' otherwise."""
    return "industry" if section and section.upper() in "ABCDEF" else "services"


def size_class(employees, revenue_vnd=None, capital_vnd=None, section: str | None = None) -> str | None:
    """The class by Decree 80/2021 art. 5, or None when the number of employees is unknown."""
    if employees is None:
        return None
    for name, max_emp, max_rev, max_cap in LIMITS[sector_group(section)]:
        if employees > max_emp:
            continue
        money = [v <= limit for v, limit in ((revenue_vnd, max_rev), (capital_vnd, max_cap)) if v is not None]
        if not money or any(money):
            return name
    return LARGE
