"""Search without Vietnamese diacritics: the platform's one folding function (`core.text`,
pure) plus the query rule shared by the pages and the API. No Django import."""
from smartcity.core.text import fold, matches  # noqa: F401  (re-exported)


def words(query: str) -> list[str]:
    """The folded words of a query: 'khởi nghiệp Thủ Dầu Một' -> ['khoi', 'nghiep', 'thu', 'dau', 'mot']."""
    return fold(query).split()
