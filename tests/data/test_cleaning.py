from research.data.cleaning import RULES, clean_article, looks_like_title
from research.data.loader import article_rows

# First four words of every body paragraph, per article: a cleaning change that
# drops, merges or splits a real paragraph fails here.
EXPECTED_PARAGRAPHS = {
    "000_cd27de7ec40d4303": [
        "Niamey, Niger: In response", "Residents of Niamey are", "Initiated by a group",
        "Bako clarified that the", "The standoff between Niger", "As the possibility of",
        "In this complex scenario,", "While diplomatic efforts remain",
    ],
    "001_435e95628c7731a9": [
        "Nigeriens have called for", "The call for volunteers,", "“It’s an eventuality. We",
        "Meanwhile, the Sahel Alliance", "The German Federal Minister", "Schulze also said the",
        "In July 2023, Schulze", "Niger’s military-appointed prime minister", "In a statement issued",
        "Zeine’s unannounced visit came", "Analysts say military intervention", "With the increasing anti-French",
        "Putin made this known", "“Russia is open to", "The Russian leader further", "This came on the",
        "Although Putin said he", "Speaking further on the", "“In fact, we are", "He said Russia offers",
        "Putin hoped the forum", "Regional tensions are deepening", "The new American ambassador",
        "“The U.S is in",
    ],
    "002_a19fdc4d4b0ad4ef": [
        "Niger’s military leadership has", "At a cabinet meeting", "The rationale behind these",
        "The southeastern regions of", "Additionally, the government has", "The junta has also",
        "In a regional response",
    ],
    "003_ff28ba0c9779c2b0": [
        "Niger’s armed forces are", "A convoy of approximately", "The political turmoil in",
        "The deadline has now", "The next course of", "The ongoing uncertainty has",
        "The outcome of Niger’s", "Neighboring Mali and Burkina", "As Niger grapples with",
    ],
    "004_004b61775ea89a25": [
        "Niger’s recent military junta", "According to Vanguard, Nigeria’s", "Voice of America reported",
        "The junta’s request for", "Niger’s junta faces a", "The situation raises concerns",
        "Some residents believe that", "The international community’s response", "Niger’s situation is complex,",
    ],
}

EXPECTED_REMOVED = {
    "000_cd27de7ec40d4303": [(1, "navigation"), (22, "navigation"), (24, "comment_form"), (26, "comment_form"),
                             (27, "cookie_notice"), (28, "cookie_notice")],
    "001_435e95628c7731a9": [(51, "source_credit"), (53, "comment_form"), (55, "email_notice")],
    "002_a19fdc4d4b0ad4ef": [],
    "003_ff28ba0c9779c2b0": [(1, "date_prefix")],
    "004_004b61775ea89a25": [(2, "duplicate_line"), (14, "read_more"), (25, "comment_form"), (26, "comment_form")],
}


def _seed_articles():
    return {a["id"]: a for a in article_rows()}


def test_every_body_paragraph_survives_cleaning():
    articles = _seed_articles()
    assert sorted(articles) == sorted(EXPECTED_PARAGRAPHS)
    for article_id, expected in EXPECTED_PARAGRAPHS.items():
        got = [" ".join(p.split()[:4]) for p in articles[article_id]["paragraphs"]]
        assert got == expected, article_id


def test_removed_lines_are_recorded_with_their_rule():
    articles = _seed_articles()
    for article_id, expected in EXPECTED_REMOVED.items():
        got = [(r["line"], r["rule"]) for r in articles[article_id]["removed"]]
        assert got == expected, article_id


def test_titles_dates_and_untitled_articles():
    articles = _seed_articles()
    assert articles["000_cd27de7ec40d4303"]["title"].startswith("Nigeriens rally for mass volunteer recruitment")
    assert articles["004_004b61775ea89a25"]["title"] == "Niger’s Junta Seeks Russia’s Wagner Help To Combat ECOWAS Military Threat"
    assert articles["002_a19fdc4d4b0ad4ef"]["title"] is None
    assert articles["003_ff28ba0c9779c2b0"]["title"] is None
    assert articles["003_ff28ba0c9779c2b0"]["date"] == "2023-11-06"
    assert articles["003_ff28ba0c9779c2b0"]["paragraphs"][0].startswith("Niger’s armed forces are taking")


def test_no_clutter_left_in_any_paragraph():
    clutter = ("Scroll Top", "Related Posts", "Leave a", "cookies", "READ MORE", "email address", "Please enter")
    for article in _seed_articles().values():
        for paragraph in article["paragraphs"]:
            assert not any(c in paragraph for c in clutter), paragraph


def test_inline_fixture_each_rule():
    raw = (
        "Scroll Top\n\nA Headline Here\nA Headline Here\n\n date 2024-01-02 First paragraph.\n"
        "READ MORE:\u00a0Other story\nSecond  paragraph.\nReuters\nLeave a Reply\n\n\n"
    )
    cleaned = clean_article(raw)
    assert cleaned.title == "A Headline Here"
    assert cleaned.date == "2024-01-02"
    assert cleaned.paragraphs == ["First paragraph.", "Second paragraph."]
    assert [(r.line, r.text, r.rule) for r in cleaned.removed] == [
        (1, "Scroll Top", "navigation"),
        (4, "A Headline Here", "duplicate_line"),
        (6, "date 2024-01-02", "date_prefix"),
        (7, "READ MORE: Other story", "read_more"),
        (9, "Reuters", "source_credit"),
        (10, "Leave a Reply", "comment_form"),
    ]


def test_every_rule_has_a_reason_and_unique_name():
    assert all(rule.reason for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_title_shape():
    assert looks_like_title("Niger’s Junta Seeks Wagner Help")
    assert not looks_like_title("The junta said it would talk.")
    assert not looks_like_title("“It is an eventuality,” he said.”")
