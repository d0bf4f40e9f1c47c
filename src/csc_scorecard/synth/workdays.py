"""Working-day arithmetic on date ordinals, fast enough for millions of calls.

The generator works in ``date.toordinal()`` integers. A working day is
Monday-Friday and not an England and Wales bank holiday (the same rule as the
store's calendar table), so wd(a, b) here equals the indicators'
``cal_b.wd_index - cal_a.wd_index``.
"""

from __future__ import annotations

from datetime import date

from ..store.calendar import england_bank_holidays


class WorkDays:
    def __init__(self, first_year: int, last_year: int):
        self.base = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        bank = {d.toordinal() for d in england_bank_holidays(first_year, last_year)}
        self.cum: list[int] = []  # working days up to and including base + i
        self.days: list[int] = []  # the working days, in order
        n = 0
        for o in range(self.base, end + 1):
            if (o - 1) % 7 < 5 and o not in bank:  # ordinal 1 (1 Jan 0001) was a Monday
                n += 1
                self.days.append(o)
            self.cum.append(n)
        self.last = end

    def is_working(self, o: int) -> bool:
        i = o - self.base
        return self.cum[i] != (self.cum[i - 1] if i else 0)

    def between(self, a: int, b: int) -> int:
        """Working days x with a < x <= b."""
        return self.cum[b - self.base] - self.cum[a - self.base]

    def add(self, o: int, n: int) -> int:
        """The n-th working day after o (n >= 1); n = 0 gives o itself."""
        if n <= 0:
            return o
        return self.days[self.cum[o - self.base] + n - 1]

    def on_or_after(self, o: int) -> int:
        """o if it is a working day, else the next one."""
        return o if self.is_working(o) else self.days[self.cum[o - self.base]]
