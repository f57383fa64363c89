import pytest

from detectors.base import score
from detectors.user_agent import UserAgentDetector, mask_user_agent
from tests.detectors.fieldkit import evidence, field

DETECTOR = UserAgentDetector()

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
    "Dalvik/2.1.0 (Linux; U; Android 11; Pixel 5 Build/RQ3A.210805.001.A1)",
    "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.229 Version/11.62",
    "MyApp/3.2 (iPhone; iOS 17.1)",
]


def test_column_of_browser_user_agents():
    ev = evidence(DETECTOR, field("value", BROWSERS))
    assert ev.category == "user.device"
    assert ev.matches == ev.full_matches == len(BROWSERS)
    assert score(ev) >= 0.9
    for example in ev.examples:
        assert not any(ch.isdigit() for ch in example) and len(example) <= 31


@pytest.mark.parametrize(
    "value",
    [
        "curl/7.68.0",
        "python-requests/2.31.0",
        "Wget/1.21.2",
        "okhttp/4.9.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.0.0 Safari/537.36",
        "elasticsearch-php/8.6.1 (Linux 5.15.0-84-generic; PHP 8.2.11)",
        "see HTTP/1.1 (RFC 2616; section 3)",
        "Build 6.1.7601.17514 (win7sp1_rtm)",
    ],
)
def test_tools_bots_and_lookalikes_are_not_user_agents(value):
    assert evidence(DETECTOR, field("user_agent", [value] * 5)) is None


def test_user_agents_in_access_log_lines():
    line = (
        '203.0.113.{i} - - [10/Oct/2023:13:55:36 -0700] "GET /a.gif HTTP/1.1" 200 2326 '
        '"https://example.com/" "{ua}"'
    )
    values = [line.format(i=i, ua=BROWSERS[i % len(BROWSERS)]) for i in range(20)]
    values += [line.format(i=i, ua="curl/7.68.0") for i in range(5)]
    ev = evidence(DETECTOR, field("message", values))
    assert ev.matches == 20 and ev.full_matches == 0
    assert score(ev) >= 0.9


def test_user_agents_mentioned_in_free_text():
    values = [f"customer on {BROWSERS[i % 3]} says the page is blank" for i in range(10)]
    values += [f"ticket {i}: password reset requested" for i in range(90)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 10 and score(ev) >= 0.5


def test_mask_keeps_the_shape_only():
    ua = "MyApp/3.2 (iPhone; iOS 17.1; user=jane@example.com; id=12345)"
    masked = mask_user_agent(ua)
    assert masked == "MyApp/*.* (iPhone; iOS **.*; u…"
    assert "jane" not in masked


def test_an_email_or_user_id_in_a_user_agent_is_masked_even_at_its_start() -> None:
    shown = mask_user_agent("ShopApp/4.2 (zelda.quartermaine@example.com; iOS 17.1)")
    assert "zelda" not in shown and "quartermaine" not in shown and "example" not in shown
    assert shown.startswith("ShopApp/*.* (z***@")
    assert "jane.doe" not in mask_user_agent("MyApp/1.0 (user=jane.doe; Android 11)")
    browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
    assert mask_user_agent(browser) == "Mozilla/*.* (Windows NT **.*; …"


def test_words_that_are_not_products_or_platforms_show_their_first_letter_only() -> None:
    assert mask_user_agent("App/1.0 (Zelda Quartermaine; iOS 17)") == "App/*.* (Z*** Q***; iOS **)"
    assert "Roe" not in mask_user_agent("App/2 (Jane Roe's iPhone)")
    assert "Secret" not in mask_user_agent("curl/7.1 user:Sup3rSecret")
    # What user agents are made of stays readable.
    shown = mask_user_agent("Dalvik/2.1.0 (Linux; U; Android 11; SM-G991B Build/RP1A)")
    assert shown.startswith("Dalvik/*.*.* (Linux; U; Androi")
