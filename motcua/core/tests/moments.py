"""The moments at which date arithmetic goes wrong; the root conftest's `hard_moment` fixture runs a
test at each of them (docs/development.md)."""

from datetime import datetime
from zoneinfo import ZoneInfo

ICT = ZoneInfo("Asia/Ho_Chi_Minh")

# The moments at which date arithmetic goes wrong, in Vietnam time (UTC+7): a month and a year
# that have just begun in Vietnam while UTC is still in the one before, the last minute of a day
# (16:59 UTC), the eve of Tết 2027 (inside the nine days off, the last working day two days back)
# and a Saturday the government made a working day (22 August 2026, swapped for 31 August).
HARD_MOMENTS = {
    "month-start": datetime(2026, 12, 1, 0, 5, tzinfo=ICT),
    "year-start": datetime(2027, 1, 1, 0, 5, tzinfo=ICT),
    "tet-eve": datetime(2027, 2, 5, 23, 30, tzinfo=ICT),
    "swapped-saturday": datetime(2026, 8, 22, 9, 0, tzinfo=ICT),
    "last-minute-ict": datetime(2026, 12, 16, 23, 59, tzinfo=ICT),
}
