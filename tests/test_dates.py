"""Every date form found in the source plan, and the forms that must be rejected."""

from datetime import date

import pytest

from store.dates import parse_plan_date
from store.errors import DateParseError


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Sept 16", date(2016, 9, 1), date(2016, 9, 30)),
        ("Sep 16", date(2016, 9, 1), date(2016, 9, 30)),
        ("March 15", date(2015, 3, 1), date(2015, 3, 31)),
        ("June 18", date(2018, 6, 1), date(2018, 6, 30)),
        ("April 16", date(2016, 4, 1), date(2016, 4, 30)),
        ("Nov 15", date(2015, 11, 1), date(2015, 11, 30)),
        ("Feb 16", date(2016, 2, 1), date(2016, 2, 29)),  # leap year
        ("Feb 17", date(2017, 2, 1), date(2017, 2, 28)),
        ("July 16", date(2016, 7, 1), date(2016, 7, 31)),
        ("  dec   2019 ", date(2019, 12, 1), date(2019, 12, 31)),
        ("2018/19", date(2018, 4, 1), date(2019, 3, 31)),  # UK financial year
        ("2019/2020", date(2019, 4, 1), date(2020, 3, 31)),
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2017-05-03", date(2017, 5, 3), date(2017, 5, 3)),
    ],
)
def test_start_is_first_day_and_end_is_last_day(text, start, end):
    assert parse_plan_date(text, role="start").value == start
    assert parse_plan_date(text, role="end").value == end


@pytest.mark.parametrize("text", ["ongoing", "Ongoing", " ONGOING "])
def test_ongoing_is_an_end_without_a_date(text):
    parsed = parse_plan_date(text, role="end")
    assert (parsed.value, parsed.is_ongoing, parsed.is_done, parsed.raw) == (None, True, False, text)


def test_obtained_is_done_at_the_end_of_that_month():
    parsed = parse_plan_date("Obtained Feb 2016", role="end")
    assert (parsed.value, parsed.is_done, parsed.is_ongoing) == (date(2016, 2, 29), True, False)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_no_date(text):
    parsed = parse_plan_date(text, role="start")
    assert (parsed.value, parsed.is_ongoing, parsed.is_done) == (None, False, False)


@pytest.mark.parametrize(
    ("text", "role", "says"),
    [
        ("Smarch 16", "end", "'smarch' is not a month name"),
        ("Sept 16 Oct 16", "end", "is not a date this plan format knows"),
        ("soon", "end", "'soon'"),
        ("2018/20", "end", "two consecutive years"),
        ("1850", "end", "outside 1990–2100"),
        ("2017-02-30", "end", "not a real calendar day"),
        ("ongoing", "start", "can only be an end date"),
        ("Obtained Feb 2016", "start", "can only be an end date"),
        ("Q3 2017", "start", "'Q3 2017'"),
    ],
)
def test_rejections_quote_the_text(text, role, says):
    with pytest.raises(DateParseError) as err:
        parse_plan_date(text, role=role)
    assert says in str(err.value)
    assert repr(text) in str(err.value)
